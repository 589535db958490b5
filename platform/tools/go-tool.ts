import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
/** Project-local tools folder; reused between runs and never committed. */
export const TOOLS_BIN = path.join(PROJECT_ROOT, '.tools', 'bin');

export type Progress = (line: string) => void;

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** The `go` command: on PATH, else the official tarball's place. */
export function goBinary(): string | undefined {
  return onPath('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

/**
 * An executable named by an environment variable (which must then be one), else
 * `.tools/bin/<binary>`, else undefined.
 */
export function findTool(binary: string, envVar: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env[envVar];
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`${envVar} points to "${explicit}", which is not an executable file`);
    return explicit;
  }
  const local = path.join(TOOLS_BIN, binary);
  return isExecutable(local) ? local : undefined;
}

export interface GoTool {
  /** What people read in progress lines, e.g. "Temporal CLI". */
  label: string;
  /** The Go package path of the main package, e.g. github.com/temporalio/cli/cmd/temporal. */
  module: string;
  /** Pinned version without the leading v. */
  version: string;
  /** The binary `go install` writes into GOBIN. */
  binary: string;
  ldflags?: string;
}

/**
 * The environment `go install` runs with: modules are always checked against the
 * checksum database (a `GOSUMDB=off`, `GONOSUMDB`, `GOPRIVATE`, `GOINSECURE` or
 * `GOFLAGS=-insecure` inherited from the shell or the user's `go env -w` file
 * would switch that off).
 */
export function verifiedGoEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const sumdb = env.GOSUMDB && env.GOSUMDB !== 'off' ? env.GOSUMDB : 'sum.golang.org';
  // GOENV=off: the user's go env file cannot bring GOPRIVATE/GONOSUMDB back (an empty variable counts as unset there).
  return { ...env, GOENV: 'off', GOBIN: TOOLS_BIN, GOFLAGS: '-mod=mod', GOSUMDB: sumdb, GONOSUMDB: '', GONOSUMCHECK: '', GOPRIVATE: '', GOINSECURE: '' };
}

/**
 * `go install <module>@v<version>` into `.tools/bin`, printing a line every 25
 * packages (the first build takes minutes; the Go build cache makes the next
 * ones fast). Module sources are verified by Go against go.sum and the checksum
 * database (GOSUMDB), so a pinned version is also a pinned content hash.
 */
export async function goInstall(go: string, tool: GoTool, progress: Progress): Promise<string> {
  fs.mkdirSync(TOOLS_BIN, { recursive: true });
  const started = Date.now();
  const target = `${tool.module}@v${tool.version}`;
  progress(`Building ${tool.label} ${tool.version} from its Go module (first time: a few minutes)…`);
  const args = ['install', '-v', ...(tool.ldflags ? ['-ldflags', tool.ldflags] : []), target];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, args, {
      env: verifiedGoEnv(process.env),
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
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`go install ${target} exited ${code}:${tail}`))));
  });
  const binary = path.join(TOOLS_BIN, tool.binary);
  progress(`${tool.label} built in ${Math.round((Date.now() - started) / 1000)}s → ${binary}`);
  return binary;
}
