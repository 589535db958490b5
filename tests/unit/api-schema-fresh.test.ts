/**
 * designer/src/lib/api-schema.d.ts is generated from the OpenAPI document
 * (`npm run gen:api-types`): a change to a route's schemas without regenerating
 * it fails here, so the UI never compiles against another API than the server's.
 * The generator runs in a child process: openapi-typescript loads ESM-only
 * packages that jest's CommonJS runtime cannot require.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

test('the UI\'s API types are the ones generated from the current OpenAPI document (run `npm run gen:api-types` when this fails)', () => {
  const generated = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/gen-api-types.ts', '--print'], { cwd: root, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  expect(generated).toContain('export interface components');
  expect(fs.readFileSync(path.join(root, 'designer', 'src', 'lib', 'api-schema.d.ts'), 'utf8')).toBe(generated);
});
