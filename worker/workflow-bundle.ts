/**
 * The workflow code a worker runs. Without `WORKFLOW_BUNDLE_DIR` it is bundled
 * from workflows/ when the worker starts (about 2 s, once per process). With it,
 * the worker loads the bundle `npm run build:workflows` wrote into that folder
 * (the production image does, in its build stage) and refuses to start when
 * the bundle is missing (WORKFLOW_BUNDLE_MISSING) or was built from other
 * workflow code than the one on disk (WORKFLOW_BUNDLE_STALE): a worker must
 * never run workflow code older than the code it replays histories against.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleOption, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowInterceptorModules } from '../platform/observability/temporal-interceptors';
import { activeTracing } from '../platform/observability/tracing';
import { classifyInputs, describeStale, MANIFEST_FORMAT, staleInputs, type BundleManifest, type BundleVariant } from './workflow-bundle-manifest';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const WORKFLOWS_PATH = path.join(PROJECT_ROOT, 'workflows', 'index.ts');
/** Where `npm run build:workflows` writes when neither `--out` nor WORKFLOW_BUNDLE_DIR says otherwise. */
export const DEFAULT_BUNDLE_DIR = path.join(PROJECT_ROOT, 'dist', 'workflow-bundle');
const MANIFEST_FILE = 'manifest.json';

export type WorkflowBundleErrorCode = 'WORKFLOW_BUNDLE_MISSING' | 'WORKFLOW_BUNDLE_STALE';

/** A prebuilt bundle that cannot be used; the message names the folder and the command that fixes it. */
export class WorkflowBundleError extends Error {
  override readonly name = 'WorkflowBundleError';
  constructor(
    readonly code: WorkflowBundleErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
  error: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
};

/**
 * Modules evaluated once per workflow thread and shared by every workflow in it (the SDK's
 * `preloadModules`, with `reuseV8Context`, its default). Without it each cached workflow evaluates
 * its own copy of every module it imports: luxon, the pure SOP core (schema, error catalogue,
 * calendars) and the workflow modules themselves were most of what a cached job held beyond a
 * bare workflow (docs/BENCHMARKS.md, Engine). Sharing is safe only for modules without
 * per-workflow state: the SDK deep-freezes their exports and runs their module scope before any
 * workflow exists. workflows/ keeps all state in the JobContext each run creates, its module scope
 * only defines messages and activity proxies (which reach the current workflow when called); the
 * core is pure by rule; luxon's module state is its Intl caches and `Settings`, which nothing in
 * the project sets. tests/unit/workflow-module-state.test.ts keeps workflows/ and core/
 * free of module-level `let`/`var`.
 */
export function preloadModules(): string[] {
  return ['luxon', WORKFLOWS_PATH];
}

/** Bundles workflows/ with the interceptor modules of `tracing`; `onInput` sees every file webpack read. */
function bundle(tracing: boolean, onInput?: (file: string) => void): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: workflowInterceptorModules(tracing),
    preloadModules: preloadModules(),
    logger: quietBundlerLogger,
    ...(onInput
      ? {
          webpackConfigHook: (config) => ({
            ...config,
            plugins: [
              ...(config.plugins ?? []),
              {
                apply(compiler: { hooks: { done: { tap(name: string, fn: (stats: { compilation: { fileDependencies: Iterable<string> } }) => void): void } } }) {
                  compiler.hooks.done.tap('sop-bundle-inputs', (stats) => {
                    for (const file of stats.compilation.fileDependencies) onInput(file);
                  });
                },
              },
            ],
          }),
        }
      : {}),
  });
}

let bundlePromise: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundles the workflow code once per process (about 2 s) and reuses it for every worker (interceptors as tracing is now). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundlePromise ??= bundle(activeTracing() !== undefined);
  return bundlePromise;
}

function sha256(file: string): string | undefined {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

function packageVersion(root: string, name: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Builds both variants (plain and tracing) into `dir` with their manifest, which is
 * written last: a build that fails half-way leaves no manifest, so no fresh-looking bundle.
 */
export async function buildWorkflowBundles(dir: string, root: string = PROJECT_ROOT): Promise<BundleManifest> {
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(path.join(dir, MANIFEST_FILE), { force: true });
  const inputs = new Set<string>();
  const bundles = {} as Record<BundleVariant, string>;
  for (const variant of ['plain', 'tracing'] as const) {
    const { code } = await bundle(variant === 'tracing', (file) => inputs.add(file));
    bundles[variant] = `workflow-bundle.${variant}.js`;
    fs.writeFileSync(path.join(dir, bundles[variant]), code);
  }
  const realRoot = fs.realpathSync(root);
  const classified = classifyInputs(realRoot, inputs, isFile);
  if (!classified.sources.includes('workflows/index.ts')) {
    throw new Error(`the bundler read no workflow sources under ${realRoot}: cannot record what the bundle was built from`);
  }
  const manifest: BundleManifest = {
    format: MANIFEST_FORMAT,
    builtAt: new Date().toISOString(),
    bundles,
    sources: Object.fromEntries(classified.sources.map((file) => [file, sha256(path.join(realRoot, file))!])),
    // The bundler's own version too: its webpack settings shape the bundle.
    packages: Object.fromEntries([...new Set([...classified.packages, '@temporalio/worker'])].sort().flatMap((name) => {
      const version = packageVersion(root, name);
      return version ? [[name, version]] : [];
    })),
  };
  const temporary = path.join(dir, `${MANIFEST_FILE}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, JSON.stringify(manifest, null, 2) + '\n');
  fs.renameSync(temporary, path.join(dir, MANIFEST_FILE));
  return manifest;
}

function readManifest(dir: string): BundleManifest {
  const file = path.join(dir, MANIFEST_FILE);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BundleManifest;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `is unreadable (${(error as Error).message})`;
    throw new WorkflowBundleError('WORKFLOW_BUNDLE_MISSING', `${file} ${reason}; run \`npm run build:workflows -- --out ${dir}\` or unset WORKFLOW_BUNDLE_DIR`);
  }
  if (manifest.format !== MANIFEST_FORMAT || typeof manifest.sources !== 'object' || typeof manifest.bundles !== 'object') {
    throw new WorkflowBundleError('WORKFLOW_BUNDLE_STALE', `${file} is of another format; run \`npm run build:workflows -- --out ${dir}\``);
  }
  return manifest;
}

/**
 * Checks the prebuilt bundles in `dir` against the sources under `root`; returns the
 * manifest, or throws {@link WorkflowBundleError} (MISSING: no manifest or bundle file;
 * STALE: a source or package differs from what the bundle was built from).
 */
export function checkWorkflowBundles(dir: string, root: string = PROJECT_ROOT): BundleManifest {
  const manifest = readManifest(dir);
  for (const file of Object.values(manifest.bundles)) {
    if (!isFile(path.join(dir, file))) {
      throw new WorkflowBundleError('WORKFLOW_BUNDLE_MISSING', `${path.join(dir, file)} does not exist; run \`npm run build:workflows -- --out ${dir}\``);
    }
  }
  const stale = staleInputs(manifest, { sourceHash: (file) => sha256(path.join(root, file)), packageVersion: (name) => packageVersion(root, name) });
  if (stale.length > 0) {
    throw new WorkflowBundleError(
      'WORKFLOW_BUNDLE_STALE',
      `the workflow bundle in ${dir} (built ${manifest.builtAt}) is older than the code: ${describeStale(stale)}; run \`npm run build:workflows -- --out ${dir}\``,
    );
  }
  return manifest;
}

/** The prebuilt bundle of `variant` in `dir`, checked fresh (throws {@link WorkflowBundleError}). */
export function prebuiltWorkflowBundle(dir: string, variant: BundleVariant, root: string = PROJECT_ROOT): { codePath: string } {
  const manifest = checkWorkflowBundles(dir, root);
  return { codePath: path.join(dir, manifest.bundles[variant]) };
}

/** What Worker.create gets: the prebuilt bundle when WORKFLOW_BUNDLE_DIR is set, else workflows/ bundled now. */
export async function workerWorkflowBundle(env: NodeJS.ProcessEnv = process.env): Promise<WorkflowBundleOption> {
  const dir = env.WORKFLOW_BUNDLE_DIR?.trim();
  if (!dir) return workflowBundle();
  return prebuiltWorkflowBundle(path.resolve(dir), activeTracing() ? 'tracing' : 'plain');
}
