import path from 'node:path';
import { goBinary, goInstall, isExecutable, onPath, TOOLS_BIN, type GoTool, type Progress } from '../tools/go-tool';

export { PROJECT_ROOT, TOOLS_BIN, type Progress } from '../tools/go-tool';

/** The Temporal CLI built from source (CLI 1.5.1 = Temporal Server 1.29.1). Later tags refuse `go install`. */
export const TEMPORAL_CLI_VERSION = '1.5.1';
const TEMPORAL_CLI: GoTool = {
  label: 'Temporal CLI',
  module: 'github.com/temporalio/cli/cmd/temporal',
  version: TEMPORAL_CLI_VERSION,
  binary: 'temporal',
  ldflags: `-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`,
};

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

/**
 * Returns a working Temporal CLI (see {@link findTemporalCli}), else builds the
 * pinned one with Go. There is no download fallback: the PyPI wheel used before
 * fetched an unpinned release archive from GitHub at install time, unverified.
 */
export async function ensureTemporalCli(progress: Progress = (l) => process.stderr.write(l + '\n')): Promise<string> {
  const existing = findTemporalCli();
  if (existing) return existing;
  const go = goBinary();
  if (!go) {
    throw new Error(
      'Could not get a Temporal CLI: Go is not installed (Go 1.25 or later: https://go.dev/dl). ' +
        'Or set TEMPORAL_CLI to a temporal binary, or TEMPORAL_ADDRESS to an existing server.',
    );
  }
  return goInstall(go, TEMPORAL_CLI, progress);
}
