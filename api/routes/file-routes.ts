import type { AppDeps } from '../deps';
import { canReadFile } from '../access/job-scope';
import { audit } from '../../platform/audit/audit-log';
import { badRequest, notFound } from '../http/problem';
import { INTERNAL_ROLES, userOf, type RouteDef } from '../http/route';
import { createDownloadAuditThrottle } from '../files/download-audit';
import { ownerOf, parseUpload } from '../files/multipart-upload';

export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** RFC 6266 / 5987 Content-Disposition that survives Chinese names. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function fileRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const maxBytes = deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const downloads = createDownloadAuditThrottle();
  return [
    {
      method: 'post', path: '/api/files', operationId: 'uploadFile', summary: 'Upload a file (e.g. a reference design); content-addressed', tag: 'files',
      access: { roles: INTERNAL_ROLES }, status: 201,
      multipart: { description: 'One part named `file`.', fields: { file: { type: 'string', format: 'binary' } } },
      responses: { 201: { description: '{ id, sha256, size, mime, name }' }, 413: { description: 'Too large' } },
      async handler(req) {
        const user = userOf(req);
        const upload = await parseUpload(deps, req, (field) => (field === 'file' ? { maxBytes } : 'unknown'));
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
      responses: { 200: { description: 'The bytes', contentType: 'application/octet-stream' }, 404: { description: 'Unknown or out of scope' } },
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
          'Content-Disposition': contentDisposition((req.query as { download?: boolean }).download ? 'attachment' : 'inline', file.originalName),
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
  ];
}
