import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { findTool, goBinary, goInstall, TOOLS_BIN, verifiedGoEnv, type GoTool, type Progress } from '../tools/go-tool';

/** The Temporal server for the production topology: the same server version as the CLI's dev server (CLI 1.5.1). */
export const TEMPORAL_SERVER_VERSION = '1.29.1';
const MODULE = 'go.temporal.io/server';

const SERVER: GoTool = { label: 'Temporal server', module: `${MODULE}/cmd/server`, version: TEMPORAL_SERVER_VERSION, binary: 'server' };
const SQL_TOOL: GoTool = { label: 'Temporal SQL schema tool', module: `${MODULE}/cmd/tools/sql`, version: TEMPORAL_SERVER_VERSION, binary: 'sql' };

export interface TemporalServerTools {
  server: string;
  sqlTool: string;
  /** `schema/postgresql/v12` of the server module: the versioned schemas the SQL tool applies. */
  schemaDir: string;
}

/** The module's source folder in Go's module cache (there after `go install`; read-only). */
function moduleDir(go: string): string {
  const cache = spawnSync(go, ['env', 'GOMODCACHE'], { encoding: 'utf8' }).stdout.trim();
  return path.join(cache, `${MODULE}@v${TEMPORAL_SERVER_VERSION}`);
}

/** `go install` writes `server` and `sql`; they are kept under names that say what they are. */
async function installAs(go: string, tool: GoTool, name: string, progress: Progress): Promise<string> {
  const existing = findTool(name, name === 'temporal-server' ? 'TEMPORAL_SERVER_BIN' : 'TEMPORAL_SQL_TOOL_BIN');
  if (existing) return existing;
  const built = await goInstall(go, tool, progress);
  const target = path.join(TOOLS_BIN, name);
  fs.renameSync(built, target);
  return target;
}

/**
 * The Temporal server and its SQL schema tool, built from the pinned Go module
 * into `.tools/bin` (first build: minutes, progress printed; the CLI's build
 * cache makes it shorter), and the module's PostgreSQL schema folder.
 */
export async function ensureTemporalServer(progress: Progress = (l) => process.stderr.write(l + '\n')): Promise<TemporalServerTools> {
  const go = goBinary();
  const server = findTool('temporal-server', 'TEMPORAL_SERVER_BIN');
  const sqlTool = findTool('temporal-sql-tool', 'TEMPORAL_SQL_TOOL_BIN');
  if (!go) {
    if (server && sqlTool && process.env.TEMPORAL_SCHEMA_DIR) return { server, sqlTool, schemaDir: process.env.TEMPORAL_SCHEMA_DIR };
    throw new Error('The Temporal server is built from its Go module and Go is not installed (Go 1.25 or later: https://go.dev/dl); or set TEMPORAL_SERVER_BIN, TEMPORAL_SQL_TOOL_BIN and TEMPORAL_SCHEMA_DIR');
  }
  const tools = {
    server: server ?? (await installAs(go, SERVER, 'temporal-server', progress)),
    sqlTool: sqlTool ?? (await installAs(go, SQL_TOOL, 'temporal-sql-tool', progress)),
  };
  let schemaDir = process.env.TEMPORAL_SCHEMA_DIR ?? path.join(moduleDir(go), 'schema', 'postgresql', 'v12');
  if (!fs.existsSync(path.join(schemaDir, 'temporal', 'versioned'))) {
    // The binaries came from an earlier build whose module cache was cleaned: fetch the module source again (verified by go.sum).
    spawnSync(go, ['mod', 'download', `${MODULE}@v${TEMPORAL_SERVER_VERSION}`], { stdio: 'inherit', env: verifiedGoEnv(process.env) });
    schemaDir = path.join(moduleDir(go), 'schema', 'postgresql', 'v12');
  }
  return { ...tools, schemaDir };
}
