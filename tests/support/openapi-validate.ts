/**
 * Validates a document as OpenAPI with @seriousme/openapi-schema-validator (the
 * official OpenAPI 3.1 JSON Schema). The package is ESM-only and reads its
 * schemas through `import.meta.url`, which jest's CommonJS transform cannot run:
 * it runs in a child Node process, the document on stdin.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const SCRIPT = `
import { Validator } from '@seriousme/openapi-schema-validator';
let text = '';
for await (const chunk of process.stdin) text += chunk;
const validator = new Validator();
const result = await validator.validate(JSON.parse(text));
process.stdout.write(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors ?? null }));
`;

export interface OpenApiValidation {
  valid: boolean;
  /** The OpenAPI version the validator recognised, e.g. `3.1`. */
  version: string;
  errors: unknown;
}

export function validateOpenApi(document: unknown): OpenApiValidation {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    input: JSON.stringify(document),
    cwd: path.join(__dirname, '..', '..'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as OpenApiValidation;
}
