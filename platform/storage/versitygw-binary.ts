import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TOOLS_BIN, type Progress } from '../temporal/cli-binary';

/** The S3 gateway the S3 storage tests run against (its posix backend serves a local folder). */
export const VERSITYGW_VERSION = '1.8.0';
const MODULE = 'github.com/versity/versitygw/cmd/versitygw';

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function goBinary(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, 'go'))) return path.join(dir, 'go');
  }
  return isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined;
}

/** Where an existing gateway is: `VERSITYGW_BIN`, else the project tools folder. */
export function findVersitygw(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.VERSITYGW_BIN;
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`VERSITYGW_BIN points to "${explicit}", which is not an executable file`);
    return explicit;
  }
  const local = path.join(TOOLS_BIN, 'versitygw');
  return isExecutable(local) ? local : undefined;
}

/**
 * Returns a versitygw binary: an existing one, else `go install` of the pinned
 * module into `.tools/bin`, printing progress (first build: a few minutes).
 */
export async function ensureVersitygw(progress: Progress = (l) => process.stderr.write(l + '\n')): Promise<string> {
  const existing = findVersitygw();
  if (existing) return existing;
  const go = goBinary();
  if (!go) throw new Error('versitygw is not built and Go is not installed (https://go.dev); or set VERSITYGW_BIN to a versitygw binary');
  fs.mkdirSync(TOOLS_BIN, { recursive: true });
  const started = Date.now();
  progress(`Building versitygw ${VERSITYGW_VERSION} from its Go module (first time: a few minutes)…`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, ['install', '-v', `${MODULE}@v${VERSITYGW_VERSION}`], {
      env: { ...process.env, GOBIN: TOOLS_BIN, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let tail = '';
    let buffer = '';
    child.stderr.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts.filter((l) => l.trim())) {
        tail = (tail + '\n' + line).slice(-4000);
        lines += 1;
        if (lines % 25 === 0) progress(`  … ${lines} modules/packages (${Math.round((Date.now() - started) / 1000)}s) ${line.slice(0, 70)}`);
      }
    });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`go install ${MODULE}@v${VERSITYGW_VERSION} exited ${code}:${tail}`))));
  });
  progress(`versitygw built in ${Math.round((Date.now() - started) / 1000)}s → ${path.join(TOOLS_BIN, 'versitygw')}`);
  return path.join(TOOLS_BIN, 'versitygw');
}
