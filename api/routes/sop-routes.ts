import type { AppDeps } from '../deps';
import { compileSop } from '../../core/sop/compile';
import { isCalendarRef, type SopDefinition } from '../../core/sop/types';
import { validateSop, type SopIssue } from '../../core/sop/validate';
import { appendAudit } from '../../platform/audit/audit-log';
import type { Prisma } from '../../platform/db/prisma-types';
import { INT4_MAX } from '../http/input-rules';
import { badRequest, conflict, notFound, unprocessable } from '../http/problem';
import { INTERNAL_ROLES, userOf, type RouteDef } from '../http/route';
import { canonicalJson } from '../../platform/audit/canonical-json';
import { itemsOf, ref } from '../http/response-schemas';

const definitionBody = {
  type: 'object',
  required: ['definition'],
  additionalProperties: false,
  properties: { definition: { type: 'object', description: 'An SOP definition, format v1 (see SOP-FORMAT.md)' } },
};
const EDITORS = ['owner', 'admin'] as const;

function issuesDto(errors: SopIssue[]) {
  return errors.map((e) => ({ code: e.code, path: e.path, nodeId: e.nodeId, message: e.message, messages: e.messages }));
}

function invalid(errors: SopIssue[]) {
  return unprocessable(
    'sop-invalid',
    `The SOP has ${errors.length} problem(s): ${errors.slice(0, 3).map((e) => e.message).join(' ')}`,
    errors.map((e) => ({ path: `body/definition${e.path}`, message: e.message, code: e.code })),
  );
}

export function sopRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const nextVersion = async (key: string) => ((await prisma.sopVersion.aggregate({ where: { sopKey: key }, _max: { version: true } }))._max.version ?? 0) + 1;
  return [
    {
      method: 'post', path: '/api/sops/validate', operationId: 'validateSop', summary: 'Validate an SOP definition', tag: 'sops',
      access: { roles: EDITORS }, body: definitionBody,
      responses: { 200: { description: '{ valid, errors }', schema: ref('SopValidation') } },
      async handler(req) {
        const result = validateSop((req.body as { definition: unknown }).definition);
        return { valid: result.valid, errors: issuesDto(result.errors) };
      },
    },
    {
      method: 'post', path: '/api/sops', operationId: 'createSop', summary: 'Create an SOP from a valid definition (as its draft)', tag: 'sops',
      access: { roles: EDITORS }, body: definitionBody, status: 201,
      responses: { 201: { description: 'Draft created', schema: ref('SopChange') }, 409: { description: 'Key taken' }, 422: { description: 'Invalid SOP' } },
      async handler(req) {
        const result = validateSop((req.body as { definition: unknown }).definition);
        if (!result.valid || !result.definition) throw invalid(result.errors);
        const definition = result.definition;
        const user = userOf(req);
        if (await prisma.sop.findUnique({ where: { key: definition.key } })) throw conflict('sop-key-taken', `An SOP with key "${definition.key}" exists; save a new draft with PUT /api/sops/${definition.key}/draft.`);
        await prisma.$transaction(async (tx) => {
          await tx.sop.create({ data: { key: definition.key, name: definition.name, ownerId: user.id, draft: definition as unknown as Prisma.InputJsonValue, draftUpdatedAt: new Date() } });
          await appendAudit(tx, { type: 'sop.created', actorId: user.id, actorLabel: user.email, data: { key: definition.key } });
        });
        return { key: definition.key, version: 1, status: 'draft' };
      },
    },
    {
      method: 'put', path: '/api/sops/:key/draft', operationId: 'saveSopDraft', summary: 'Replace the draft (work in progress may be invalid; publishing needs a valid one)', tag: 'sops',
      access: { roles: EDITORS }, body: definitionBody,
      responses: { 200: { description: 'Saved, with validation result', schema: ref('SopDraftSaved') }, 404: { description: 'Unknown SOP' }, 422: { description: 'sop-invalid with SOP_TOO_LARGE: over the size limits, not stored' } },
      async handler(req) {
        const key = String(req.params.key);
        const definition = (req.body as { definition: Record<string, unknown> }).definition;
        if (definition.key !== key) throw badRequest(`definition.key must be "${key}" (found "${String(definition.key)}").`, [{ path: 'body/definition/key', message: `must be "${key}"` }]);
        const sop = await prisma.sop.findUnique({ where: { key } });
        if (!sop) throw notFound(`SOP "${key}"`);
        const result = validateSop(definition);
        // Work in progress may be invalid, but never unbounded: an oversized draft is not stored.
        if (result.errors.some((e) => e.code === 'SOP_TOO_LARGE')) throw invalid(result.errors);
        await prisma.sop.update({ where: { key }, data: { draft: definition as Prisma.InputJsonValue, draftUpdatedAt: new Date(), name: typeof definition.name === 'string' ? definition.name : sop.name } });
        return { key, version: await nextVersion(key), status: 'draft', valid: result.valid, errors: issuesDto(result.errors) };
      },
    },
    {
      method: 'post', path: '/api/sops/:key/publish', operationId: 'publishSop', summary: 'Publish the draft as a new immutable version', tag: 'sops',
      access: { roles: EDITORS },
      responses: { 200: { description: 'Published', schema: ref('SopChange') }, 409: { description: 'Nothing changed since the last version' }, 422: { description: 'Draft invalid' } },
      async handler(req) {
        const key = String(req.params.key);
        const user = userOf(req);
        const sop = await prisma.sop.findUnique({ where: { key } });
        if (!sop) throw notFound(`SOP "${key}"`);
        const result = validateSop(sop.draft);
        if (!result.valid || !result.definition) throw invalid(result.errors);
        const latest = await prisma.sopVersion.findFirst({ where: { sopKey: key }, orderBy: { version: 'desc' } });
        if (latest && canonicalJson(latest.definition) === canonicalJson(result.definition)) {
          throw conflict('sop-unchanged', `The draft is the same as version ${latest.version}; nothing to publish.`);
        }
        const version = (latest?.version ?? 0) + 1;
        const definition: SopDefinition = result.definition;
        if (isCalendarRef(definition.calendar) && !(await prisma.calendar.findUnique({ where: { key: definition.calendar.ref } }))) {
          const message = `calendar "${definition.calendar.ref}" does not exist (create it under Settings → Calendars, or POST /api/calendars)`;
          throw unprocessable('calendar-not-found', `The SOP names a shared calendar that does not exist: ${message}.`, [{ path: 'body/definition/calendar', message }]);
        }
        const plan = compileSop(definition, version);
        await prisma.$transaction(async (tx) => {
          await tx.sopVersion.create({
            data: { sopKey: key, version, definition: definition as unknown as Prisma.InputJsonValue, plan: plan as unknown as Prisma.InputJsonValue, publishedById: user.id },
          });
          await tx.sop.update({ where: { key }, data: { name: definition.name } });
          await appendAudit(tx, { type: 'sop.published', actorId: user.id, actorLabel: user.email, data: { key, version } });
        });
        return { key, version, status: 'published' };
      },
    },
    {
      method: 'get', path: '/api/sops', operationId: 'listSops', summary: 'SOPs with their latest version', tag: 'sops',
      access: { roles: INTERNAL_ROLES },
      responses: { 200: { description: 'SOPs', schema: itemsOf(ref('SopSummary')) } },
      async handler() {
        const sops = await prisma.sop.findMany({ orderBy: { key: 'asc' }, include: { versions: { select: { version: true, publishedAt: true }, orderBy: { version: 'desc' }, take: 1 } } });
        return {
          items: sops.map((s) => ({
            key: s.key, name: s.name, ownerId: s.ownerId, draftUpdatedAt: s.draftUpdatedAt,
            latestVersion: s.versions[0]?.version ?? null, publishedAt: s.versions[0]?.publishedAt ?? null,
          })),
        };
      },
    },
    {
      method: 'get', path: '/api/sops/:key', operationId: 'getSop', summary: 'An SOP: draft, its validation, versions', tag: 'sops',
      access: { roles: INTERNAL_ROLES },
      responses: { 200: { description: 'The SOP', schema: ref('SopDetail') }, 404: { description: 'Unknown SOP' } },
      async handler(req) {
        const key = String(req.params.key);
        const sop = await prisma.sop.findUnique({ where: { key }, include: { versions: { orderBy: { version: 'desc' }, select: { version: true, publishedAt: true, publishedById: true, definition: true } } } });
        if (!sop) throw notFound(`SOP "${key}"`);
        const validation = sop.draft ? validateSop(sop.draft) : undefined;
        return {
          key: sop.key, name: sop.name, ownerId: sop.ownerId,
          draft: sop.draft, draftUpdatedAt: sop.draftUpdatedAt,
          draftValidation: validation ? { valid: validation.valid, errors: issuesDto(validation.errors) } : null,
          versions: sop.versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt, publishedById: v.publishedById })),
          latest: sop.versions[0] ? { version: sop.versions[0].version, definition: sop.versions[0].definition } : null,
        };
      },
    },
    {
      method: 'get', path: '/api/sops/:key/versions/:version', operationId: 'getSopVersion', summary: 'One published version', tag: 'sops',
      access: { roles: INTERNAL_ROLES },
      params: { type: 'object', properties: { key: { type: 'string' }, version: { type: 'integer', minimum: 1 } } },
      responses: { 200: { description: 'The version', schema: ref('SopVersion') }, 404: { description: 'Unknown' } },
      async handler(req) {
        const version = Number(req.params.version);
        const key = String(req.params.key);
        // Beyond the int4 column (and the documented maximum) no version can exist.
        if (!Number.isInteger(version) || version < 1 || version > INT4_MAX) throw notFound(`Version ${String(req.params.version)} of SOP "${key}"`);
        const found = await prisma.sopVersion.findUnique({ where: { sopKey_version: { sopKey: key, version } } });
        if (!found) throw notFound(`Version ${version} of SOP "${key}"`);
        return { key, version, definition: found.definition, plan: found.plan, publishedAt: found.publishedAt, publishedById: found.publishedById };
      },
    },
  ];
}
