/**
 * `npm run test:fuzz`: fuzzes every operation of /api/openapi.json with
 * schemathesis, as admin, owner and vendor, against the whole product.
 *
 *  1. schemathesis (pinned) is installed into a venv under .tools/ when missing
 *     (python3 with its venv module is needed: `apt-get install python3-venv`);
 *  2. the product starts as `npm start` does (scripts/start.ts: embedded
 *     PostgreSQL and Temporal, demo mode for the demo accounts) on a free port
 *     with a fresh DATA_DIR under the temp folder (mode 755: as root the
 *     embedded PostgreSQL runs as the "postgres" user and must reach it);
 *  3. a few jobs are started through the API (scripts/fuzz-seed.ts) and the
 *     real ids (jobs, files, steps, SOPs, people, organisations, reason codes)
 *     go into a schemathesis configuration that draws path and body values
 *     from them 70 % of the time, so the job routes' logic is reached and not
 *     only their 404;
 *  4. one schemathesis run per role, its token in the Authorization header,
 *     with the checks below and a time budget per role;
 *  5. the product is stopped and its DATA_DIR removed (kept with FUZZ_KEEP=1).
 *
 * Exit code 0 only when every role's run passed. Reports (JUnit, NDJSON) go to
 * test-output/fuzz/<role>/. Environment: FUZZ_SECONDS_PER_ROLE (default 90),
 * FUZZ_MAX_EXAMPLES (per operation and phase, default 200), FUZZ_ROLES
 * (default "vendor,owner,admin"), FUZZ_SEED (schemathesis --seed),
 * FUZZ_WORKERS (default 1, see below).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../platform/net';
import { PROJECT_ROOT } from '../platform/temporal/cli-binary';
import { seedFuzzData, writeFuzzConfig } from './fuzz-seed';

const SCHEMATHESIS_VERSION = '4.32.5';
const VENV = path.join(PROJECT_ROOT, '.tools', `schemathesis-${SCHEMATHESIS_VERSION}`);
const ST = path.join(VENV, 'bin', 'st');
const ACCOUNTS: Record<string, string> = { admin: 'admin@demo.test', owner: 'owner@demo.test', vendor: 'vendor-a@demo.test' };
/**
 * Checks on every answer. Not `positive_data_acceptance`: valid-by-schema
 * requests are legitimately refused by rules a schema cannot say (unknown ids
 * → 404, job state → 409, roles → 403). Not `content_type_conformance`: a
 * download answers the stored file's own type (image/png, …), which the
 * document cannot list per file.
 */
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'response_schema_conformance'];
/**
 * Operations left out, each because running it would end the run itself, not
 * because it fails: logout revokes the token every later request sends.
 */
// streamEvents: a server-sent event stream never ends by itself, so every case would sit out the
// request timeout; its inputs (ticket, lastEventId, Last-Event-ID) are covered by api-live-events.test.ts.
const EXCLUDED_OPERATION_IDS = ['logout', 'streamEvents'];

const log = (line: string) => process.stdout.write(`[fuzz] ${line}\n`);
const intEnv = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (found "${raw}")`);
  return n;
};

function ensureSchemathesis(): void {
  if (fs.existsSync(ST)) return;
  log(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${path.relative(PROJECT_ROOT, VENV)} (pip)…`);
  const venv = spawnSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  if (venv.status !== 0) {
    fs.rmSync(VENV, { recursive: true, force: true });
    throw new Error('python3 -m venv failed: install Python 3.9+ with its venv module (Debian/Ubuntu: apt-get install python3-venv) and run again.');
  }
  const pip = spawnSync(path.join(VENV, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`], { stdio: 'inherit' });
  if (pip.status !== 0 || !fs.existsSync(ST)) {
    fs.rmSync(VENV, { recursive: true, force: true });
    throw new Error(`pip install schemathesis==${SCHEMATHESIS_VERSION} failed (see above).`);
  }
}

async function waitForHealth(base: string, exited: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (exited()) throw new Error('the product exited while starting (see its log)');
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the product did not answer /api/health within ${timeoutMs / 1000} s`);
}

async function login(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Requests a run recorded in its NDJSON report, by answer status: the figures of a run. */
function statusCounts(reportDir: string): { requests: number; byStatus: Record<string, number> } {
  const byStatus: Record<string, number> = {};
  let requests = 0;
  for (const file of fs.readdirSync(reportDir).filter((f) => f.endsWith('.ndjson'))) {
    for (const line of fs.readFileSync(path.join(reportDir, file), 'utf8').split('\n')) {
      if (!line.includes('"ScenarioFinished"')) continue;
      const event = JSON.parse(line) as { ScenarioFinished: { recorder?: { interactions?: Record<string, { response?: { status_code?: number } | null }> } } };
      for (const interaction of Object.values(event.ScenarioFinished.recorder?.interactions ?? {})) {
        requests += 1;
        const status = String(interaction.response?.status_code ?? 'none');
        byStatus[status] = (byStatus[status] ?? 0) + 1;
      }
    }
  }
  return { requests, byStatus };
}

/**
 * One schemathesis run; resolves to its exit code. Its output is shown as it comes, each line
 * behind "[schemathesis] ", and kept raw for the summary. The prefix matters: schemathesis closes
 * with pytest-style rules ("==== No issues found in 60.02s ===="), which CI read as a pytest run
 * that executed no test, so green runs landed as "ran no test".
 */
function runSchemathesis(args: string[], output: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    // Its working folder gets schemathesis' own cache (.schemathesis/): keep it with the reports.
    const cwd = path.join(PROJECT_ROOT, 'test-output', 'fuzz');
    fs.mkdirSync(cwd, { recursive: true });
    const child = spawn(ST, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' } });
    const pending = { stdout: '', stderr: '' };
    // Decoded per stream, so a character split across two chunks stays whole.
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    const take = (stream: keyof typeof pending) => (text: string) => {
      output.push(text);
      const lines = (pending[stream] + text).split('\n');
      pending[stream] = lines.pop() ?? '';
      if (lines.length > 0) process.stdout.write(prefixLines(lines));
    };
    child.stdout.on('data', take('stdout'));
    child.stderr.on('data', take('stderr'));
    // 'close', not 'exit': output can still arrive after the process exits, until its streams close.
    child.on('close', (code) => {
      const rest = [pending.stdout, pending.stderr].filter((l) => l !== '');
      if (rest.length > 0) process.stdout.write(prefixLines(rest));
      resolve(code);
    });
  });
}

// Rules of '=' become '-' too, so no reader takes a line for pytest's closing one even without the prefix.
const prefixLines = (lines: string[]) => lines.map((l) => `[schemathesis] ${l.replace(/={3,}/g, (rule) => '-'.repeat(rule.length))}\n`).join('');

async function main(): Promise<number> {
  const started = Date.now();
  const seconds = intEnv('FUZZ_SECONDS_PER_ROLE', 90);
  const maxExamples = intEnv('FUZZ_MAX_EXAMPLES', 200);
  const workers = intEnv('FUZZ_WORKERS', 1);
  const roles = (process.env.FUZZ_ROLES ?? 'vendor,owner,admin').split(',').map((r) => r.trim()).filter(Boolean);
  for (const role of roles) if (!ACCOUNTS[role]) throw new Error(`FUZZ_ROLES: unknown role "${role}" (known: ${Object.keys(ACCOUNTS).join(', ')})`);
  ensureSchemathesis();

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-fuzz-'));
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const password = randomBytes(12).toString('base64url');
  const productLog = path.join(dataDir, 'product.log');
  const logFd = fs.openSync(productLog, 'a');
  log(`starting the product on ${base} (DATA_DIR ${dataDir}, log ${productLog})…`);
  const product = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: base, SOP_DEMO: '1', DEMO_PASSWORD: password, TEMPORAL_ADDRESS: '', DATABASE_URL: '' },
  });
  let productExited = false;
  const exited = new Promise<void>((resolve) => product.once('exit', () => {
    productExited = true;
    resolve();
  }));
  const results: Array<{ role: string; code: number | null; summary: string }> = [];
  let serverErrors: string[] = [];
  try {
    await waitForHealth(base, () => productExited, 300_000);
    log(`product ready after ${Math.round((Date.now() - started) / 1000)} s`);
    // Every token first: the fuzzed login route may lock a demo account for a while.
    const tokens = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await login(base, ACCOUNTS[r]!, password)] as const)));
    const seedTokens = { admin: tokens.admin ?? (await login(base, ACCOUNTS.admin!, password)), owner: tokens.owner ?? (await login(base, ACCOUNTS.owner!, password)) };
    const ids = await seedFuzzData(base, seedTokens);
    const configFile = path.join(PROJECT_ROOT, 'test-output', 'fuzz', 'schemathesis.toml');
    fs.mkdirSync(path.dirname(configFile), { recursive: true });
    writeFuzzConfig(configFile, ids);
    log(`seeded ${ids.jobIds.length} jobs; real ids in ${path.relative(PROJECT_ROOT, configFile)}`);
    for (const role of roles) {
      const reportDir = path.join(PROJECT_ROOT, 'test-output', 'fuzz', role);
      fs.rmSync(reportDir, { recursive: true, force: true });
      const args = [
        '--config-file', configFile,
        'run', `${base}/api/openapi.json`,
        '--url', base,
        '--header', `Authorization: Bearer ${tokens[role]}`,
        '--checks', CHECKS.join(','),
        '--max-examples', String(maxExamples),
        '--max-time', String(seconds),
        // One worker: with several, schemathesis' threads hit a CPython 3.11 (< 3.11.8) race in `ast`
        // ("AST constructor recursion depth mismatch", cpython gh-106905) that ends a run with an error.
        '--workers', String(workers),
        '--request-timeout', '30',
        '--report', 'junit,ndjson',
        '--report-dir', reportDir,
        ...EXCLUDED_OPERATION_IDS.flatMap((id) => ['--exclude-operation-id', id]),
        ...(process.env.FUZZ_SEED ? ['--seed', process.env.FUZZ_SEED] : []),
      ];
      log(`role ${role} (${ACCOUNTS[role]}): ${seconds} s budget, at most ${maxExamples} examples per operation and phase`);
      const output: string[] = [];
      const code = await runSchemathesis(args, output);
      const text = output.join('');
      // "Test cases:" is followed by e.g. "430 generated, 430 passed" in schemathesis' summary.
      const summary = /Test cases:\s*\n\s*([^\n]+)/.exec(text)?.[1]?.trim() ?? 'no summary';
      const { requests, byStatus } = statusCounts(reportDir);
      const statuses = Object.entries(byStatus).map(([status, n]) => `${status}×${n}`).join(' ');
      results.push({ role, code, summary: `${summary}; ${requests} requests: ${statuses}` });
    }
  } finally {
    log('stopping the product…');
    try {
      process.kill(-product.pid!, 'SIGINT');
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
    if (!productExited) process.kill(-product.pid!, 'SIGKILL');
    fs.closeSync(logFd);
    serverErrors = fs.readFileSync(productLog, 'utf8').split('\n').filter((l) => / failed: /.test(l) && l.includes('[api]'));
    if (serverErrors.length > 0) log(`the API logged ${serverErrors.length} failed request(s) (500); first: ${serverErrors[0]}`);
    if (process.env.FUZZ_KEEP === '1') log(`kept ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
  for (const r of results) log(`${r.role}: ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`} — test cases ${r.summary}`);
  log(`total ${Math.round((Date.now() - started) / 1000)} s; reports in test-output/fuzz/`);
  return results.length === roles.length && results.every((r) => r.code === 0) && serverErrors.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[fuzz] ${(error as Error).message ?? String(error)}\n`);
    process.exit(1);
  },
);
