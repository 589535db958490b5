/**
 * `sop-check validate <sop.json> [--json]`
 */
import { readFile } from 'node:fs/promises';
import { validateSop } from '../core/sop/validate';
import { CheckInputError } from '../checks/errors';
import { parseCommandArgs } from './args';
import { printJson, type CheckExit, type CliIo } from './output';

/** Validates an SOP definition file; 0 valid, 1 invalid, throws when the file is unreadable or not JSON. */
export async function validateCommand(argv: string[], io: CliIo): Promise<CheckExit> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, ['sop.json']);
  const path = positionals[0]!;
  const result = validateSop(await readJson(path));

  if (values.json) {
    printJson(io, { valid: result.valid, errors: result.errors });
  } else if (result.valid) {
    io.out(`VALID  ${path}\n`);
  } else {
    const n = result.errors.length;
    const lines = [`INVALID  ${path}: ${n} error${n === 1 ? '' : 's'}`];
    for (const e of result.errors) lines.push(`  ${e.code}  ${e.path || '/'}  ${e.message}`);
    io.out(`${lines.join('\n')}\n`);
  }
  return result.valid ? 0 : 1;
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CheckInputError('FILE_UNREADABLE', `${path}: ${code === 'ENOENT' ? 'file not found' : code ?? 'cannot read'}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CheckInputError('INVALID_OPTION', `${path}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
}
