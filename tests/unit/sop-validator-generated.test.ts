/**
 * The SOP schema validator is compiled ahead of time (the browser's CSP has no
 * 'unsafe-eval'); the committed module must be what the generator writes for
 * today's schema, and it must judge documents exactly as ajv compiling the
 * schema at run time does.
 */
import fs from 'node:fs';
import Ajv from 'ajv';
import { sopDefinitionSchema } from '../../core/sop/schema';
import { validate } from '../../core/sop/schema-validator.generated';
import { GENERATED_VALIDATOR, sopValidatorSource } from '../../scripts/gen-sop-validator';
import { minimalReviewSop } from '../support/sop-builder';

test('core/sop/schema-validator.generated.ts is up to date with core/sop/schema.ts (run `npm run gen:sop-validator`)', () => {
  expect(fs.readFileSync(GENERATED_VALIDATOR, 'utf8')).toBe(sopValidatorSource());
});

test('the generated validator reports the same errors as ajv compiling the schema at run time', () => {
  const runtime = new Ajv({ allErrors: true }).compile(sopDefinitionSchema);
  const broken = { ...minimalReviewSop(), key: 'Bad Key!', nodes: [{ id: 'x', type: 'teleport' }], extra: 1 };
  for (const doc of [minimalReviewSop(), broken, null, { schemaVersion: 2 }]) {
    const generated = validate as unknown as ((d: unknown) => boolean) & { errors?: unknown };
    expect(generated(doc)).toBe(runtime(doc));
    expect(generated.errors ?? null).toEqual(runtime.errors ?? null);
  }
});
