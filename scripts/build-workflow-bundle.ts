/**
 * `npm run build:workflows [-- --out DIR]`: bundles the workflow code ahead of time
 * (both variants: plain, and with OpenTelemetry's workflow interceptors) into DIR
 * (default WORKFLOW_BUNDLE_DIR, else dist/workflow-bundle) with a manifest of what
 * it was built from. A worker started with WORKFLOW_BUNDLE_DIR=DIR runs it.
 *
 * `--check`: builds nothing; exits 2 with one line on stderr
 * (WORKFLOW_BUNDLE_MISSING / WORKFLOW_BUNDLE_STALE) unless the bundle in DIR
 * matches the workflow sources and packages on disk.
 */
import path from 'node:path';
import { buildWorkflowBundles, checkWorkflowBundles, DEFAULT_BUNDLE_DIR, WorkflowBundleError } from '../worker/workflow-bundle';

function outDir(argv: string[]): string {
  const at = argv.indexOf('--out');
  if (at >= 0) {
    const value = argv[at + 1];
    if (!value || value.startsWith('--')) throw new WorkflowBundleUsageError('--out needs a folder');
    return path.resolve(value);
  }
  const fromEnv = process.env.WORKFLOW_BUNDLE_DIR?.trim();
  return fromEnv ? path.resolve(fromEnv) : DEFAULT_BUNDLE_DIR;
}

class WorkflowBundleUsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const unknown = argv.filter((arg, i) => arg.startsWith('--') && arg !== '--check' && arg !== '--out' && argv[i - 1] !== '--out');
  if (unknown.length > 0) throw new WorkflowBundleUsageError(`unknown option ${unknown[0]} (use --out DIR, --check)`);
  const dir = outDir(argv);
  if (argv.includes('--check')) {
    const manifest = checkWorkflowBundles(dir);
    process.stdout.write(`workflow bundle in ${dir} is up to date (${Object.keys(manifest.sources).length} sources, built ${manifest.builtAt})\n`);
    return;
  }
  const started = Date.now();
  const manifest = await buildWorkflowBundles(dir);
  process.stdout.write(`wrote the workflow bundles to ${dir} (${Object.keys(manifest.sources).length} sources, ${Object.keys(manifest.packages).length} packages, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof WorkflowBundleError || error instanceof WorkflowBundleUsageError) {
    process.stderr.write(`build:workflows: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`build:workflows failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
