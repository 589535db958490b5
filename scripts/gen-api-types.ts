/**
 * Writes the UI's API types (designer/src/lib/api-schema.d.ts) from the OpenAPI
 * document, built offline from the route list (api/openapi-document.ts) with
 * openapi-typescript. `--check`: writes nothing, exits 1 when the file is stale;
 * `--print`: writes the text to stdout (tests/unit/api-schema-fresh.test.ts
 * compares it with the file).
 */
import fs from 'node:fs';
import path from 'node:path';
import { apiSchemaPath, generateApiSchema } from './api-schema-source';

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const text = await generateApiSchema();
  if (process.argv.includes('--print')) {
    process.stdout.write(text);
    return;
  }
  const current = fs.existsSync(apiSchemaPath) ? fs.readFileSync(apiSchemaPath, 'utf8') : '';
  const relative = path.relative(process.cwd(), apiSchemaPath);
  if (check) {
    if (current !== text) {
      process.stderr.write(`${relative} is stale: run \`npm run gen:api-types\` and commit the result.\n`);
      process.exitCode = 1;
    }
    return;
  }
  if (current === text) {
    process.stdout.write(`${relative} is up to date.\n`);
    return;
  }
  fs.writeFileSync(apiSchemaPath, text);
  process.stdout.write(`wrote ${relative}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`gen:api-types failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
