/**
 * /api/orgs, /api/users, /api/invitations of the mock API, remembered in memory,
 * with the rules the API enforces (api/routes/org-user-routes.ts): a vendor
 * organisation's people hold only `vendor`, internal people never hold it; an
 * admin cannot disable or demote themselves; a disabled account cannot sign in.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HOUR, iso, now, readJson, send } from './mock-http';
import type { MockUser } from './mock-notifications';

interface MockOrg {
  id: string;
  name: string;
  kind: 'internal' | 'vendor';
  createdAt: string;
}

export const orgs: MockOrg[] = [
  { id: 'o-hq', name: '总部', kind: 'internal', createdAt: iso(now - 2000 * HOUR) },
  { id: 'o-va', name: 'Vendor A', kind: 'vendor', createdAt: iso(now - 1500 * HOUR) },
  { id: 'o-vb', name: 'Vendor B', kind: 'vendor', createdAt: iso(now - 900 * HOUR) },
];

const invitations = new Map<string, { email: string; orgId: string; roles: string[]; expiresAt: string }>();
const INVITATION_TTL = 7 * 24 * HOUR;

function refuse(res: ServerResponse, status: number, code: string, detail: string, errors?: Array<{ path: string; message: string }>): true {
  send(res, status, { type: `urn:sop:problem:${code}`, title: status === 409 ? 'Conflict' : status === 403 ? 'Forbidden' : 'Unprocessable content', status, detail, ...(errors ? { errors } : {}) });
  return true;
}

/** Why `roles` do not fit organisation `orgId`, or undefined when they do. */
function rolesProblem(orgId: string, roles: string[]): { code: string; detail: string; errors: Array<{ path: string; message: string }> } | undefined {
  const org = orgs.find((o) => o.id === orgId);
  if (!org) return { code: 'org-unknown', detail: `Organisation ${orgId} does not exist.`, errors: [{ path: 'body/orgId', message: 'unknown organisation' }] };
  const bad = roles.filter((r) => (org.kind === 'vendor' ? r !== 'vendor' : r === 'vendor'));
  if (roles.length === 0) return { code: 'bad-request', detail: 'The request body is invalid.', errors: [{ path: 'body/roles', message: 'must NOT have fewer than 1 items' }] };
  return bad.length ? { code: 'roles-do-not-fit-org', detail: `A ${org.kind} organisation's users cannot hold: ${bad.join(', ')}.`, errors: [{ path: 'body/roles', message: 'not allowed for this organisation' }] } : undefined;
}

const userDto = (u: MockUser) => ({ id: u.id, email: u.email, name: u.name, roles: u.roles, orgId: u.orgId, locale: u.locale, timezone: u.timezone, disabled: !!u.disabled });

/** Answers an organisations, people or invitations route; false when the path is not one of them. */
export async function handlePeople(req: IncomingMessage, res: ServerResponse, p: string, m: string, me: MockUser | undefined, users: Record<string, MockUser>): Promise<boolean> {
  let mm: RegExpMatchArray | null;
  if ((mm = p.match(/^\/api\/invitations\/([^/]+)\/accept$/)) && m === 'POST') {
    const invitation = invitations.get(mm[1] as string);
    if (!invitation) return refuse(res, 404, 'not-found', 'Invitation was not found.');
    const body = await readJson(req);
    const org = orgs.find((o) => o.id === invitation.orgId)!;
    const user: MockUser = { id: `u-${Object.keys(users).length + 1}`, email: invitation.email, name: String(body.name ?? invitation.email), roles: invitation.roles, orgId: org.id, org, timezone: 'Asia/Shanghai', locale: 'zh-CN' };
    users[user.email] = user;
    invitations.delete(mm[1] as string);
    send(res, 201, { token: user.email, expiresAt: iso(Date.now() + 12 * HOUR), userId: user.id, email: user.email });
    return true;
  }
  if (!/^\/api\/(orgs|users|invitations)(\/|$)/.test(p) || !me) return false;
  if (me.org.kind === 'vendor') return refuse(res, 403, 'forbidden', 'This action needs one of the roles: admin, owner, qa, manager, procurement.');
  const admin = me.roles.includes('admin');
  if (m !== 'GET' && !admin) return refuse(res, 403, 'forbidden', 'This action needs one of the roles: admin.');

  if (p === '/api/orgs' && m === 'GET') send(res, 200, { items: [...orgs].sort((a, b) => a.name.localeCompare(b.name)) });
  else if (p === '/api/orgs' && m === 'POST') {
    const body = await readJson(req);
    const name = String(body.name ?? '').trim();
    if (!name || (body.kind !== 'internal' && body.kind !== 'vendor')) return refuse(res, 400, 'bad-request', 'The request body is invalid.', [{ path: name ? 'body/kind' : 'body/name', message: name ? 'must be equal to one of the allowed values' : 'must NOT have fewer than 1 characters' }]);
    const org: MockOrg = { id: `o-${orgs.length + 1}`, name, kind: body.kind, createdAt: iso(Date.now()) };
    orgs.push(org);
    send(res, 201, { id: org.id, name: org.name, kind: org.kind });
  } else if (p === '/api/users' && m === 'GET') {
    const q = new URL(req.url ?? '', 'http://x').searchParams;
    const list = Object.values(users).filter((u) => (!q.get('orgId') || u.orgId === q.get('orgId')) && (!q.get('role') || u.roles.includes(q.get('role') as string)));
    send(res, 200, { items: list.sort((a, b) => a.email.localeCompare(b.email)).map(userDto) });
  } else if (p === '/api/users' && m === 'POST') {
    const body = await readJson(req);
    const email = String(body.email ?? '').trim().toLowerCase();
    const roles = (body.roles ?? []) as string[];
    const wrong = rolesProblem(String(body.orgId), roles);
    if (wrong) return refuse(res, wrong.code === 'bad-request' ? 400 : 422, wrong.code, wrong.detail, wrong.errors);
    if (users[email]) return refuse(res, 409, 'email-taken', `An account for ${email} exists already.`);
    if (String(body.password ?? '').length < 10) return refuse(res, 400, 'bad-request', 'The request body is invalid.', [{ path: 'body/password', message: 'must NOT have fewer than 10 characters' }]);
    const org = orgs.find((o) => o.id === body.orgId)!;
    const user: MockUser = { id: `u-${Object.keys(users).length + 1}`, email, name: String(body.name), roles, orgId: org.id, org, timezone: String(body.timezone ?? 'Asia/Shanghai'), locale: String(body.locale ?? 'zh-CN') };
    users[email] = user;
    send(res, 201, userDto(user));
  } else if ((mm = p.match(/^\/api\/users\/([^/]+)$/)) && m === 'PATCH') {
    const user = Object.values(users).find((u) => u.id === mm![1]);
    if (!user) return refuse(res, 404, 'not-found', `User ${mm[1]} was not found.`);
    const body = await readJson(req);
    const roles = body.roles as string[] | undefined;
    const wrong = roles ? rolesProblem(user.orgId, roles) : undefined;
    if (wrong) return refuse(res, wrong.code === 'bad-request' ? 400 : 422, wrong.code, wrong.detail, wrong.errors);
    if (user.id === me.id && (body.disabled === true || (roles && !roles.includes('admin')))) {
      return refuse(res, 409, 'cannot-lock-out-self', 'An admin cannot disable their own account or remove their own admin role; ask another admin.');
    }
    if (typeof body.name === 'string') user.name = body.name;
    if (roles) user.roles = roles;
    if (typeof body.disabled === 'boolean') user.disabled = body.disabled;
    send(res, 200, userDto(user));
  } else if (p === '/api/invitations' && m === 'POST') {
    const body = await readJson(req);
    const email = String(body.email ?? '').trim().toLowerCase();
    const roles = (body.roles ?? []) as string[];
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return refuse(res, 400, 'bad-request', 'The request body is invalid.', [{ path: 'body/email', message: 'must match format "email"' }]);
    const wrong = rolesProblem(String(body.orgId), roles);
    if (wrong) return refuse(res, wrong.code === 'bad-request' ? 400 : 422, wrong.code, wrong.detail, wrong.errors);
    if (users[email]) return refuse(res, 409, 'email-taken', `An account for ${email} exists already.`);
    const token = randomBytes(16).toString('base64url');
    const expiresAt = iso(Date.now() + INVITATION_TTL);
    invitations.set(token, { email, orgId: String(body.orgId), roles, expiresAt });
    send(res, 201, { id: `inv-${invitations.size}`, email, expiresAt, link: `http://${req.headers.host ?? 'localhost'}/invite/${token}`, token });
  } else return false;
  return true;
}
