import { findTool, goBinary, goInstall, type GoTool, type Progress } from '../tools/go-tool';

/** The S3 gateway the S3 storage tests run against (its posix backend serves a local folder). */
export const VERSITYGW_VERSION = '1.8.0';
const VERSITYGW: GoTool = {
  label: 'versitygw',
  module: 'github.com/versity/versitygw/cmd/versitygw',
  version: VERSITYGW_VERSION,
  binary: 'versitygw',
};

/** Where an existing gateway is: `VERSITYGW_BIN`, else the project tools folder. */
export function findVersitygw(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findTool('versitygw', 'VERSITYGW_BIN', env);
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
  return goInstall(go, VERSITYGW, progress);
}
