/**
 * `sop-check naming "<template>" <filename> [--var job.code=ABC]... [--json]`
 */
import { matchFileName } from '../core/naming/match';
import { parseNamingTemplate } from '../core/naming/template';
import type { NamingVars } from '../core/naming/vars';
import { invalid, parseCommandArgs } from './args';
import { printJson, type CheckExit, type CliIo } from './output';

const VAR_KEYS = ['job.code', 'job.vendor', 'deliverable', 'version', 'date'] as const;

/** Checks a file name against a template; 0 matches, 1 does not, throws on bad input. */
export async function namingCommand(argv: string[], io: CliIo): Promise<CheckExit> {
  const { values, positionals } = parseCommandArgs(argv, {
    var: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  }, ['template', 'filename']);
  const [templateText, fileName] = positionals as [string, string];
  const vars = parseVars(values.var ?? []);
  const template = asBadInput(() => parseNamingTemplate(templateText));
  const result = asBadInput(() => matchFileName(template, fileName, vars));

  if (values.json) {
    printJson(io, { passed: result.passed, reasons: result.reasons, example: result.example });
  } else if (result.passed) {
    io.out(`PASS  ${result.fileName}\n`);
  } else {
    const lines = [`FAIL  ${result.fileName}`, ...result.reasons.map((r) => `  - ${r.message}`), `  example: ${result.example}`];
    io.out(`${lines.join('\n')}\n`);
  }
  return result.passed ? 0 : 1;
}

/** `--var key=value` pairs → NamingVars (version as an integer). */
export function parseVars(pairs: readonly string[]): NamingVars {
  const vars: NamingVars = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq) : '';
    const value = pair.slice(eq + 1);
    if (!(VAR_KEYS as readonly string[]).includes(key)) {
      throw invalid(`--var expects key=value with key one of ${VAR_KEYS.join(', ')}; got "${pair}"`);
    }
    if (key === 'version') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw invalid(`--var version must be an integer >= 0; got "${value}"`);
      vars.version = n;
    } else {
      vars[key as Exclude<(typeof VAR_KEYS)[number], 'version'>] = value;
    }
  }
  return vars;
}

/** Template errors and malformed values are bad input (exit 2), with their own one-line message. */
function asBadInput<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
}
