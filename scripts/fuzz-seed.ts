/**
 * Real identifiers for the API fuzzer. On the demo tenant alone every `{id}`
 * the fuzzer makes up answers 404, so the job routes' own logic (submissions,
 * reviews, deadlines, reports…) would never run. This starts a few jobs through
 * the public API and gathers the ids a person could know (jobs, files, steps,
 * SOPs, people, organisations, reason codes), then writes a schemathesis
 * configuration that draws path and body values from them most of the time
 * and generates its own the rest of the time.
 */
import fs from 'node:fs';
import sharp from 'sharp';

type Json = Record<string, unknown>;

export interface FuzzIds {
  jobIds: string[];
  fileIds: string[];
  nodeIds: string[];
  sopKeys: string[];
  versions: number[];
  userIds: string[];
  orgIds: string[];
  vendorOrgIds: string[];
  reasonCodes: string[];
}

async function call(base: string, token: string, method: string, route: string, body?: Json | FormData): Promise<Json> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body && !(body instanceof FormData)) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${route}`, { method, headers, body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`fuzz seed: ${method} ${route} answered ${res.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Json) : {};
}

const items = (page: Json) => (page.items ?? []) as Json[];

/** Starts `jobsPerVendor` jobs of every published SOP for every vendor organisation; returns what was made and found. */
export async function seedFuzzData(base: string, tokens: { admin: string; owner: string }, jobsPerVendor = 2): Promise<FuzzIds> {
  const users = items(await call(base, tokens.admin, 'GET', '/api/users'));
  const orgs = items(await call(base, tokens.admin, 'GET', '/api/orgs'));
  const vendorOrgs = orgs.filter((o) => o.kind === 'vendor');
  const byRole = (role: string, orgId?: string) => users.find((u) => (u.roles as string[]).includes(role) && (!orgId || u.orgId === orgId))?.id as string;
  const sops = items(await call(base, tokens.owner, 'GET', '/api/sops')).filter((s) => s.latestVersion);
  const png = await sharp({ create: { width: 1920, height: 600, channels: 3, background: '#4a7bd0' } }).png().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'reference.png');
  const reference = await call(base, tokens.owner, 'POST', '/api/files', form);

  const nodeIds = new Set<string>();
  const jobIds: string[] = [];
  for (const sop of sops) {
    const detail = await call(base, tokens.owner, 'GET', `/api/sops/${encodeURIComponent(String(sop.key))}`);
    const definition = (detail.latest as Json | undefined)?.definition as Json | undefined ?? (detail.draft as Json);
    const nodes = (definition.nodes ?? []) as Json[];
    for (const n of nodes) nodeIds.add(String(n.id));
    const deliverables = ((definition.deliverables ?? []) as Json[]).map((d) => String(d.id));
    const roles = (definition.roles ?? []) as string[];
    for (const vendor of vendorOrgs) {
      for (let i = 0; i < jobsPerVendor; i += 1) {
        const assignees = Object.fromEntries(roles.map((r) => [r, byRole(r, r === 'vendor' ? String(vendor.id) : undefined)]).filter(([, id]) => id));
        const job = await call(base, tokens.owner, 'POST', '/api/jobs', {
          sop: sop.key,
          code: `FUZZ-${String(sop.key).slice(0, 20)}-${String(vendor.id).slice(-4)}-${i}`,
          title: `Fuzz seed ${i + 1}`,
          vendorOrgId: vendor.id,
          assignees,
          references: Object.fromEntries(deliverables.map((d) => [d, reference.id])),
        });
        jobIds.push(String(job.id));
      }
    }
  }
  const reasons = items(await call(base, tokens.owner, 'GET', '/api/delay-reasons'));
  return {
    jobIds,
    fileIds: [String(reference.id)],
    nodeIds: [...nodeIds],
    sopKeys: sops.map((s) => String(s.key)),
    versions: [...new Set(sops.map((s) => Number(s.latestVersion)))],
    userIds: users.map((u) => String(u.id)),
    orgIds: orgs.map((o) => String(o.id)),
    vendorOrgIds: vendorOrgs.map((o) => String(o.id)),
    reasonCodes: reasons.map((r) => String(r.code)),
  };
}

const tomlList = (values: Array<string | number>) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;

/**
 * A schemathesis.toml whose dictionaries hold the real ids. Each binding draws
 * from its dictionary with probability `p` and generates freely otherwise, so
 * unknown, malformed and other tenants' ids are still tried.
 */
export function fuzzConfig(ids: FuzzIds, p = 0.7): string {
  const dictionaries: Array<[string, Array<string | number>]> = [
    ['job_ids', ids.jobIds], ['file_ids', ids.fileIds], ['node_ids', ids.nodeIds], ['sop_keys', ids.sopKeys],
    ['versions', ids.versions], ['user_ids', ids.userIds], ['org_ids', ids.orgIds], ['vendor_org_ids', ids.vendorOrgIds],
    ['reason_codes', ids.reasonCodes],
  ];
  const bind = (dictionary: string) => `{ dictionary = "${dictionary}", probability = ${p} }`;
  const lines: string[] = [];
  for (const [name, values] of dictionaries) if (values.length > 0) lines.push(`[dictionaries.${name}]`, `values = ${tomlList(values)}`, '');
  const operations: Array<{ pathRegex: string; parameters: Record<string, string> }> = [
    { pathRegex: '^/api/jobs/\\{id\\}', parameters: { 'path.id': 'job_ids', 'path.nodeId': 'node_ids', 'body.reason': 'reason_codes', 'body.vendorOrgId': 'vendor_org_ids' } },
    { pathRegex: '^/api/jobs$', parameters: { 'body.sop': 'sop_keys', 'body.version': 'versions', 'body.vendorOrgId': 'vendor_org_ids', 'query.vendorOrgId': 'vendor_org_ids' } },
    { pathRegex: '^/api/files/', parameters: { 'path.id': 'file_ids' } },
    { pathRegex: '^/api/sops/\\{key\\}', parameters: { 'path.key': 'sop_keys', 'path.version': 'versions' } },
    { pathRegex: '^/api/users/', parameters: { 'path.id': 'user_ids' } },
    { pathRegex: '^/api/(invitations|users|api-keys)$', parameters: { 'body.orgId': 'org_ids' } },
    { pathRegex: '^/api/delay-reasons/', parameters: { 'path.code': 'reason_codes' } },
  ];
  for (const op of operations) {
    const bindings = Object.entries(op.parameters).filter(([, d]) => dictionaries.some(([name, values]) => name === d && values.length > 0));
    lines.push('[[operations]]', `include-path-regex = ${JSON.stringify(op.pathRegex)}`);
    lines.push(`parameters = { ${bindings.map(([key, d]) => `${JSON.stringify(key)} = ${bind(d)}`).join(', ')} }`, '');
  }
  return lines.join('\n');
}

export function writeFuzzConfig(file: string, ids: FuzzIds): void {
  fs.writeFileSync(file, fuzzConfig(ids));
}
