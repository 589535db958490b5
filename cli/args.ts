/**
 * Argument parsing shared by the commands: `node:util` parseArgs in strict
 * mode, with every problem reported as a one-line `CheckInputError`
 * (`INVALID_OPTION`, exit 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CheckInputError } from '../checks/errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `argv` (after the command name) with `options`, requiring `positionals` names in order. */
export function parseCommandArgs<O extends Options>(
  argv: string[],
  options: O,
  positionals: readonly string[],
): { values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values']; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw invalid(firstLine(error).replace(/\. To specify a positional argument.*$/, ''));
  }
  if (parsed.positionals.length !== positionals.length) {
    const usage = positionals.map((p) => `<${p}>`).join(' ');
    throw invalid(`expected ${usage}, got ${parsed.positionals.length} argument(s)`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** Parses a number option within [min, max]. */
export function numberOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw invalid(`--${name} must be a number from ${min} to ${max}; got "${raw}"`);
  }
  return value;
}

/** A usage problem as the bad-input error. */
export function invalid(message: string): CheckInputError {
  return new CheckInputError('INVALID_OPTION', message);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
