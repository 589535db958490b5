/**
 * docker-compose.yml and the Dockerfile describe the production topology that
 * `npm run cluster` runs (no Docker engine on the development machines, so the
 * structure is checked here): the official Temporal server image as separate
 * services on PostgreSQL with the schema set up by admin-tools (not auto-setup),
 * an S3 service the app stores files in, two API and two worker replicas,
 * every image pinned, and an app image that runs as non-root without dev dependencies,
 * with the workflow bundle prebuilt.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }> | string[];
  deploy?: { replicas?: number };
  command?: string[];
}
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

describe('the production topology files', () => {
  test('Temporal runs from the official server image as four services on PostgreSQL, after a schema job, without auto-setup', () => {
    const temporal = Object.entries(services).filter(([, s]) => s.image?.startsWith('temporalio/server:'));
    expect(temporal.map(([name, s]) => [name, s.image, s.environment?.SERVICES, s.environment?.DB])).toEqual([
      ['temporal-history', 'temporalio/server:1.29.1', 'history', 'postgres12'],
      ['temporal-matching', 'temporalio/server:1.29.1', 'matching', 'postgres12'],
      ['temporal-frontend', 'temporalio/server:1.29.1', 'frontend', 'postgres12'],
      ['temporal-worker', 'temporalio/server:1.29.1', 'worker', 'postgres12'],
    ]);
    expect(Object.values(services).some((s) => s.image?.includes('auto-setup'))).toBe(false);
    expect(services['temporal-schema']!.image).toBe('temporalio/admin-tools:1.29.1');
    expect(services['temporal-history']!.depends_on).toEqual({ 'temporal-schema': { condition: 'service_completed_successfully' } });
  });

  test('the API and the workers store files in the S3 service and talk to the Temporal frontend, two replicas each', () => {
    for (const name of ['api', 'worker']) {
      const s = services[name]!;
      expect([s.build, s.deploy?.replicas, s.environment?.STORAGE, s.environment?.S3_ENDPOINT, s.environment?.TEMPORAL_ADDRESS, s.environment?.SOP_DEMO]).toEqual([
        '.', 2, 's3', 'http://s3:7070', 'temporal-frontend:7233', '0',
      ]);
    }
    expect(services.s3!.image).toBe('versity/versitygw:v1.8.0');
  });

  test('every image is pinned to a version', () => {
    const images = Object.values(services).flatMap((s) => (s.image ? [s.image] : []));
    expect(images.filter((image) => !/:[0-9v][\w.-]*$/.test(image) || image.endsWith(':latest'))).toEqual([]);
  });

  test('the app image is built in two stages on Node 24, installs production dependencies only and runs as the user node', () => {
    const stages = dockerfile.match(/^FROM .*/gm);
    expect(stages).toEqual(['FROM node:24-bookworm-slim AS build', 'FROM node:24-bookworm-slim']);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toContain('npm ci --omit=dev');
    // Both installs read the project's .npmrc: without it onnxruntime-node's install script fetches CUDA files from api.nuget.org.
    expect(dockerfile.match(/^COPY package\.json package-lock\.json \.npmrc /gm)).toHaveLength(2);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/COPY \. \./);
    expect(runtime).not.toMatch(/COPY (tests|bench) /);
  });

  test('the workflow bundle is built and checked in the build stage, checked again against the runtime stage\'s code, and the worker runs it', () => {
    const build = dockerfile.slice(0, dockerfile.lastIndexOf('FROM '));
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(build).toContain('RUN npx tsx scripts/build-workflow-bundle.ts --out /app/dist/workflow-bundle && npx tsx scripts/build-workflow-bundle.ts --check --out /app/dist/workflow-bundle');
    expect(runtime).toContain('COPY --from=build /app/dist/workflow-bundle ./dist/workflow-bundle');
    const copied = runtime.indexOf('COPY --from=build /app/dist/workflow-bundle');
    const check = runtime.indexOf('RUN node --import tsx scripts/build-workflow-bundle.ts --check --out /app/dist/workflow-bundle');
    // The runtime check comes after the sources it hashes are copied in.
    expect(check).toBeGreaterThan(copied);
    expect(check).toBeGreaterThan(runtime.indexOf('COPY workflows ./workflows'));
    expect(check).toBeGreaterThan(runtime.indexOf('COPY core ./core'));
    expect(runtime).toMatch(/^ENV .*\bWORKFLOW_BUNDLE_DIR=\/app\/dist\/workflow-bundle\b/m);
    expect(services.worker!.command).toEqual(['node', '--import', 'tsx', 'worker/main.ts']);
    // The script the image runs exists and is the one `npm run build:workflows` runs.
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts['build:workflows']).toBe('tsx scripts/build-workflow-bundle.ts');
  });
});
