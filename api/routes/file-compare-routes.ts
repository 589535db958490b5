import type { AppDeps } from '../deps';
import { isVendorUser } from '../auth/auth-user';
import { sharedOcrPool } from '../../checks/ocr-pool';
import { compareOcrLanguagesOf } from '../files/compare-ocr';
import { compareSettingsOf, compareFiles } from '../files/compare-versions';
import { resolveCompareSide } from '../files/compare-sides';
import { createComputeLimiter } from '../files/compute-limiter';
import { DEFAULT_MAX_IMAGE_MEGAPIXELS } from '../files/verify-image';
import { jobOf, userOf, type RouteDef } from '../http/route';
import { INLINE, ref } from '../http/response-schemas';
import { notFound } from '../http/problem';
import { checkArtefactFileId } from '../files/check-artefacts';
import { inlineImageHeaders } from './file-routes';
import { planCacheFor } from '../sops/plan-cache';

/** Comparisons computed at once per app, and how many may wait for a turn. */
const COMPARE_CONCURRENCY = 2;
const COMPARE_MAX_WAITING = 8;

const fileId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' };

export function fileCompareRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const plans = planCacheFor(prisma);
  const limiter = createComputeLimiter(COMPARE_CONCURRENCY, COMPARE_MAX_WAITING);
  const ocrPool = deps.ocrPool ?? (() => sharedOcrPool());
  return [
    {
      method: 'get', path: '/api/jobs/:id/files/compare', operationId: 'compareJobFiles',
      summary: 'Compare two files of the job (versions of a deliverable, or a version and the reference): changed pixels, regions, diff image and OCR text diff; computed on demand and cached', tag: 'jobs',
      access: { roles: 'any' }, jobScoped: true,
      query: { type: 'object', additionalProperties: false, required: ['a', 'b'], properties: { a: fileId, b: fileId } },
      responses: {
        200: { description: '{ a, b, cached, settings, visual: { passed, figures, reasons, artefacts }, ocr }', schema: ref('FileComparison') },
        404: { description: 'The job, or a file not among the job\'s references and versions the caller may see' },
        413: { description: 'An image over the pixel limit (`image-too-large`)' },
        422: { description: 'An image that cannot be decoded or read by the OCR (`image-unreadable`)' },
        503: { description: 'Too many comparisons at once (`compare-busy`), or a file\'s OCR text not read within the time limit (`ocr-unavailable`; the reading goes on and is cached); Retry-After' },
      },
      async handler(req) {
        const job = jobOf(req);
        const user = userOf(req);
        const q = req.query as unknown as { a: string; b: string };
        const a = await resolveCompareSide(prisma, user, job.id, q.a);
        const b = await resolveCompareSide(prisma, user, job.id, q.b);
        const version = await plans.get(job.sopKey, job.sopVersion);
        const ownedByVendor = [a, b].every((s) => s.kind === 'reference' || s.orgId === job.vendorOrgId);
        const deliverable = b.kind === 'version' ? b.deliverable : a.deliverable;
        const comparison = await compareFiles({
          prisma, storage: deps.storage, limiter, maxMegapixels: deps.maxImageMegapixels ?? DEFAULT_MAX_IMAGE_MEGAPIXELS,
          job, artefactOrgId: ownedByVendor || isVendorUser(user) ? job.vendorOrgId : user.orgId,
          settings: compareSettingsOf(version?.definition ?? null, deliverable),
          quotaBytes: deps.orgStorageQuotaBytes,
          ocr: { ocrPool, languages: compareOcrLanguagesOf(version?.definition ?? null, deliverable), timeoutMs: deps.compareOcrTimeoutMs, log: deps.log },
        }, a, b);
        const side = (s: typeof a) => ({ fileId: s.fileId, kind: s.kind, deliverable: s.deliverable, version: s.version, round: s.round, name: s.name });
        // The check's settings are the buyer's (vendorSopView hides them too): a vendor never learns which areas are skipped.
        const { settings, ...seen } = comparison;
        return isVendorUser(user) ? { a: side(a), b: side(b), ...seen } : { a: side(a), b: side(b), settings, ...seen };
      },
    },
    {
      method: 'get', path: '/api/jobs/:id/checks/:resultId/artefacts/:kind', operationId: 'getCheckArtefact',
      summary: 'An image of a check result (a visual check\'s `diff` or `overlay` PNG): built from the two compared files on the first open, stored, then served from storage', tag: 'jobs',
      access: { roles: 'any' }, jobScoped: true,
      params: { type: 'object', properties: { id: fileId, resultId: fileId, kind: { type: 'string', enum: ['diff', 'overlay'] } } },
      responses: {
        200: { description: 'The PNG', contentType: 'image/png', schema: INLINE.binary('image/png') },
        404: { description: 'The job, a check result of another job, or an artefact the result does not have' },
        422: { description: 'The compared files can no longer be decoded (`image-unreadable`)' },
        503: { description: 'Too many images or comparisons being built at once (`compare-busy`); Retry-After' },
      },
      async handler(req, res) {
        const job = jobOf(req);
        const id = await checkArtefactFileId({ prisma, storage: deps.storage, limiter, maxMegapixels: deps.maxImageMegapixels ?? DEFAULT_MAX_IMAGE_MEGAPIXELS, job }, String(req.params.resultId), String(req.params.kind));
        const file = await prisma.storedFile.findUnique({ where: { id }, include: { blob: true } });
        if (!file) throw notFound(`File ${id}`);
        const etag = `"${file.sha256}"`;
        res.set({ ...inlineImageHeaders(file.blob.mime, file.originalName, etag), 'Content-Length': String(file.blob.size) });
        if (req.get('If-None-Match') === etag) {
          res.status(304).end();
          return undefined;
        }
        const stream = deps.storage.open(file.blob.storageKey);
        stream.on('error', () => res.destroy());
        stream.pipe(res);
        return undefined;
      },
    },
  ];
}
