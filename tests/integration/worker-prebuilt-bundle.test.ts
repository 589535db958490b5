/**
 * A worker with WORKFLOW_BUNDLE_DIR runs the workflow bundle `npm run build:workflows`
 * wrote there (the production image's way) on the real dev server, and refuses to
 * start — with WORKFLOW_BUNDLE_MISSING / WORKFLOW_BUNDLE_STALE — when that bundle
 * is absent or was built from other workflow code.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reviewUpdate, stateQuery, submitUpdate } from '../../workflows/definitions';
import { jobWorkflow } from '../../workflows/job-workflow';
import { buildWorkflowBundles, checkWorkflowBundles, workerWorkflowBundle, PROJECT_ROOT } from '../../worker/workflow-bundle';
import type { BundleManifest } from '../../worker/workflow-bundle-manifest';
import { memoryActivities } from '../support/memory-activities';
import { jobInput, minimalReviewSop, qa, vendor } from '../support/sop-builder';
import { connectClient, startWorker, uniqueTaskQueue } from '../support/temporal';

let bundleDir: string;
const savedEnv = process.env.WORKFLOW_BUNDLE_DIR;

beforeAll(async () => {
  bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-bundle-'));
  await buildWorkflowBundles(bundleDir);
});

afterEach(() => {
  if (savedEnv === undefined) delete process.env.WORKFLOW_BUNDLE_DIR;
  else process.env.WORKFLOW_BUNDLE_DIR = savedEnv;
});

afterAll(() => {
  fs.rmSync(bundleDir, { recursive: true, force: true });
});

/** A copy of the built bundle folder whose manifest `edit` changes. */
function copyWithManifest(edit: (manifest: BundleManifest) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-bundle-copy-'));
  fs.cpSync(bundleDir, dir, { recursive: true });
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BundleManifest;
  edit(manifest);
  fs.writeFileSync(file, JSON.stringify(manifest));
  return dir;
}

async function refusal(start: () => Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await start();
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  throw new Error('expected the worker to refuse to start');
}

test('the build records the workflow sources it read and writes both bundle variants', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(bundleDir, 'manifest.json'), 'utf8')) as BundleManifest;
  expect(Object.keys(manifest.sources)).toEqual(expect.arrayContaining(['workflows/index.ts', 'workflows/job-workflow.ts', 'workflows/request-id-interceptors.ts']));
  expect(Object.keys(manifest.packages)).toEqual(expect.arrayContaining(['@temporalio/workflow', '@temporalio/worker', '@temporalio/interceptors-opentelemetry']));
  expect(fs.readdirSync(bundleDir).sort()).toEqual(['manifest.json', 'workflow-bundle.plain.js', 'workflow-bundle.tracing.js']);
});

test('a worker started with WORKFLOW_BUNDLE_DIR runs the prebuilt bundle and completes a job', async () => {
  process.env.WORKFLOW_BUNDLE_DIR = bundleDir;
  expect(await workerWorkflowBundle()).toEqual({ codePath: path.join(bundleDir, 'workflow-bundle.plain.js') });
  const { client, connection } = await connectClient();
  const taskQueue = uniqueTaskQueue('prebuilt-bundle');
  const acts = memoryActivities();
  const worker = await startWorker(taskQueue, acts);
  try {
    const input = jobInput(minimalReviewSop());
    const handle = await client.workflow.start(jobWorkflow, { taskQueue, workflowId: input.jobId, args: [input] });
    const activeStep = async (nodeId: string) => {
      for (let i = 0; i < 200 && !(await handle.query(stateQuery)).active[nodeId]; i++) await new Promise((r) => setTimeout(r, 50));
    };
    await activeStep('draft');
    await handle.executeUpdate(submitUpdate, { args: [{ nodeId: 'draft', actor: vendor, files: [{ deliverable: 'banner', fileId: 'f-1' }] }] });
    await activeStep('review');
    await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'approved' }] });
    const final = await handle.result();
    expect([final.status, final.endNodeId]).toEqual(['completed', 'end']);
    expect(acts.events.filter((e) => e.kind === 'job').map((e) => (e.kind === 'job' ? e.status : ''))).toEqual(['running', 'completed']);
  } finally {
    await worker.stop();
    await connection.close();
  }
});

test('the bundle and the sources copied to another folder (the image\'s runtime stage) are still fresh there', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-bundle-root-'));
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(bundleDir, 'manifest.json'), 'utf8')) as BundleManifest;
    for (const file of Object.keys(manifest.sources)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.copyFileSync(path.join(PROJECT_ROOT, file), path.join(root, file));
    }
    fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'));
    expect(checkWorkflowBundles(bundleDir, root).sources).toEqual(manifest.sources);
    fs.appendFileSync(path.join(root, 'workflows', 'step-timing.ts'), '\n// patched in place\n');
    expect(() => checkWorkflowBundles(bundleDir, root)).toThrow('WORKFLOW_BUNDLE_STALE: ');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a bundle built from other workflow code is refused with WORKFLOW_BUNDLE_STALE naming the file', async () => {
  const dir = copyWithManifest((manifest) => {
    manifest.sources['workflows/job-workflow.ts'] = '0'.repeat(64);
  });
  try {
    process.env.WORKFLOW_BUNDLE_DIR = dir;
    const { code, message } = await refusal(() => startWorker(uniqueTaskQueue('stale-bundle'), memoryActivities()));
    expect(code).toBe('WORKFLOW_BUNDLE_STALE');
    expect(message).toContain('workflows/job-workflow.ts changed');
    expect(message).toContain('npm run build:workflows');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a bundle built against another package version is refused with WORKFLOW_BUNDLE_STALE', async () => {
  const dir = copyWithManifest((manifest) => {
    manifest.packages['@temporalio/workflow'] = '0.0.1';
  });
  try {
    process.env.WORKFLOW_BUNDLE_DIR = dir;
    const { code, message } = await refusal(() => startWorker(uniqueTaskQueue('stale-package'), memoryActivities()));
    expect(code).toBe('WORKFLOW_BUNDLE_STALE');
    expect(message).toContain('@temporalio/workflow 0.0.1 → ');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the worker process exits at start with WORKFLOW_BUNDLE_MISSING when the folder holds no bundle', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-bundle-empty-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, WORKFLOW_BUNDLE_DIR: empty, DATA_DIR: empty, TEMPORAL_ADDRESS: '127.0.0.1:1', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exit) => resolve(exit)));
    expect(code).toBe(1);
    expect(stderr).toContain(`[worker] cannot start: WORKFLOW_BUNDLE_MISSING: ${path.join(empty, 'manifest.json')} does not exist`);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
