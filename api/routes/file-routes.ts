import type { AppDeps } from '../deps';
import { canReadFile } from '../access/job-scope';
import { audit } from '../../platform/audit/audit-log';
import { badRequest, notFound } from '../http/problem';
import { INTERNAL_ROLES, userOf, type RouteDef } from '../http/route';
import { createAuditThrottle } from '../http/audit-throttle';
import { closeAfterResponse, ownerOf, parseUpload, type ParsedUpload } from '../files/multipart-upload';
import { isActiveContent, previewOf } from '../files/file-preview';
import { assertQuotaLeft } from '../files/storage-quota';
import { DEFAULT_MAX_IMAGE_MEGAPIXELS } from '../files/verify-image';
import { DEFAULT_UPLOAD_MAX_REQUEST_BYTES } from '../../platform/config';
import { INLINE, ref } from '../http/response-schemas';

export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** RFC 6266 / 5987 Content-Disposition that survives Chinese names. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Headers of an image shown inline: sandboxed, never sniffed, cached for good under its content's ETag. */
export function inlineImageHeaders(mime: string, name: string, etag: string): Record<string, string> {
  return {
    'Content-Type': mime,
    'Content-Disposition': contentDisposition('inline', name),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': 'private, max-age=31536000, immutable',
    ETag: etag,
  };
}

export function fileRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const maxBytes = deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const downloads = createAuditThrottle();
  return [
    {
      method: 'post', path: '/api/files', operationId: 'uploadFile', summary: 'Upload a file (e.g. a reference design); content-addressed', tag: 'files',
      access: { roles: INTERNAL_ROLES }, status: 201,
      multipart: { description: 'One part named `file`.', fields: { file: { type: 'string', format: 'binary' } } },
      responses: { 201: { description: '{ id, sha256, size, mime, name }', schema: ref('StoredFile') }, 413: { description: 'Too large' } },
      async handler(req) {
        const user = userOf(req);
        const quota = deps.orgStorageQuotaBytes === undefined ? undefined : { orgId: user.orgId, limitBytes: deps.orgStorageQuotaBytes };
        let upload: ParsedUpload;
        try {
          if (quota) await assertQuotaLeft(prisma, quota);
          upload = await parseUpload(deps, req, { files: { file: { maxBytes } }, textFields: [], maxRequestBytes: deps.maxRequestBytes ?? DEFAULT_UPLOAD_MAX_REQUEST_BYTES, orgId: user.orgId, quota });
        } catch (error) {
          closeAfterResponse(req);
          throw error;
        }
        if (upload.parts.length !== 1) {
          await upload.discard();
          throw badRequest('Send exactly one part named "file".', [{ path: 'body/file', message: 'required' }]);
        }
        try {
          const stored = await prisma.$transaction((tx) => upload.commit(tx, ownerOf(user)));
          const file = stored.file!;
          await audit(prisma, { type: 'file.uploaded', actorId: user.id, actorLabel: user.email, data: { fileId: file.id, sha256: file.sha256, name: file.name, size: file.size } });
          return file;
        } catch (error) {
          await upload.discard();
          throw error;
        }
      },
    },
    {
      method: 'get', path: '/api/files/:id/content', operationId: 'downloadFile', summary: 'The bytes of a stored file', tag: 'files',
      access: { roles: 'any' },
      query: { type: 'object', additionalProperties: false, properties: { download: { type: 'boolean' } } },
      responses: { 200: { description: 'The bytes, as the type they were stored with', contentType: '*/*', schema: INLINE.binary('application/octet-stream') }, 404: { description: 'Unknown or out of scope' } },
      async handler(req, res) {
        const user = userOf(req);
        const id = String(req.params.id);
        if (!(await canReadFile(prisma, user, id))) throw notFound(`File ${id}`);
        const file = await prisma.storedFile.findUnique({ where: { id }, include: { blob: true } });
        if (!file) throw notFound(`File ${id}`);
        const etag = `"${file.sha256}"`;
        res.set({
          'Content-Type': file.blob.mime,
          'Content-Length': String(file.blob.size),
          // Active content (SVG, PDF, HTML-like, unknown) is never shown as a document of this origin: always an attachment.
          'Content-Disposition': contentDisposition((req.query as { download?: boolean }).download || isActiveContent(file.blob.mime) ? 'attachment' : 'inline', file.originalName),
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
          'Cache-Control': 'private, max-age=31536000, immutable',
          ETag: etag,
        });
        if (req.get('If-None-Match') === etag) {
          res.status(304).end(); // not audited: no bytes left the server (download-audit.ts)
          return undefined;
        }
        if (downloads.shouldAudit(user.id, id)) {
          await audit(prisma, { type: 'file.downloaded', actorId: user.id, actorLabel: user.email, data: { fileId: id, sha256: file.sha256 } });
        }
        const stream = deps.storage.open(file.blob.storageKey);
        stream.on('error', () => res.destroy());
        stream.pipe(res);
        return undefined;
      },
    },
    {
      method: 'get', path: '/api/files/:id/preview', operationId: 'previewFile',
      summary: 'A stored file as an image the browser may display: PNG/JPEG/GIF/WebP as stored, SVG and TIFF rendered to PNG on the server', tag: 'files',
      access: { roles: 'any' },
      responses: {
        200: { description: 'The image (PNG, JPEG, GIF or WebP)', contentType: 'image/*', schema: INLINE.binary('image/*') },
        404: { description: 'Unknown or out of scope' },
        415: { description: 'The file type has no preview (`no-preview`)' },
        422: { description: 'The file cannot be rendered (`preview-failed`)' },
      },
      async handler(req, res) {
        const user = userOf(req);
        const id = String(req.params.id);
        if (!(await canReadFile(prisma, user, id))) throw notFound(`File ${id}`);
        const file = await prisma.storedFile.findUnique({ where: { id }, include: { blob: true } });
        if (!file) throw notFound(`File ${id}`);
        const etag = `"preview-${file.sha256}"`;
        if (req.get('If-None-Match') === etag) {
          res.status(304).end();
          return undefined;
        }
        const preview = await previewOf(deps.storage, file.blob, deps.maxImageMegapixels ?? DEFAULT_MAX_IMAGE_MEGAPIXELS);
        res.set(inlineImageHeaders(preview.mime, file.originalName.replace(/\.svgz?$|\.tiff?$/i, '.png'), etag));
        if ('bytes' in preview.body) {
          res.set('Content-Length', String(preview.body.bytes.length)).end(preview.body.bytes);
          return undefined;
        }
        res.set('Content-Length', String(file.blob.size));
        const stream = preview.body.stream;
        stream.on('error', () => res.destroy());
        stream.pipe(res);
        return undefined;
      },
    },
  ];
}
