/**
 * `sop-check`: the QA command line over the same check code the activities
 * run (shared/product/API.md, "Command line"). Exit status: 0 passed, 1 checked
 * and failed, 2 bad input (one line on stderr, no stack trace), 3 internal
 * error (also one line; `SOP_CHECK_DEBUG=1` prints the stack).
 */
import { isCheckInputError } from '../checks/errors';
import type { CheckExit, CliIo } from './output';

/** Exit status of a run. */
export type ExitCode = CheckExit | 2 | 3;

type Command = (argv: string[], io: CliIo) => Promise<CheckExit>;

/**
 * Loaded on demand (`naming` need not load sharp, `visual` need not load
 * tesseract.js), with `require`: a dynamic `import()` would bypass tsx's
 * CommonJS hook that `bin/sop-check.js` registers.
 */
const COMMANDS: Record<string, () => Command> = {
  visual: () => (require('./visual-command') as typeof import('./visual-command')).visualCommand,
  ocr: () => (require('./ocr-command') as typeof import('./ocr-command')).ocrCommand,
  naming: () => (require('./naming-command') as typeof import('./naming-command')).namingCommand,
  validate: () => (require('./validate-command') as typeof import('./validate-command')).validateCommand,
};

const USAGE = `usage:
  sop-check visual <reference> <draft> [--threshold 0.1] [--max-diff-ratio 0.005]
                   [--ignore x,y,w,h]... [--diff out.png] [--json]
  sop-check ocr <image> [--lang eng+chi_sim] [--json]
  sop-check naming "<template>" <filename> [--var job.code=ABC]... [--json]
  sop-check validate <sop.json> [--json]
exit status: 0 passed, 1 checked and failed, 2 bad input
`;

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit status. */
export async function main(argv: string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.err(`sop-check: unknown command "${name}" (visual, ocr, naming, validate)\n`);
    return 2;
  }
  try {
    const command = load();
    return await command(rest, io);
  } catch (error) {
    if (isCheckInputError(error)) {
      io.err(`sop-check ${name}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    io.err(`sop-check ${name}: internal error: ${message}\n`);
    if (process.env.SOP_CHECK_DEBUG === '1' && error instanceof Error) io.err(`${error.stack}\n`);
    return 3;
  }
}

/** Entry used by `bin/sop-check.js`: real argv and streams; sets the exit code. */
export function runFromProcess(): void {
  const io: CliIo = {
    out: (text) => { process.stdout.write(text); },
    err: (text) => { process.stderr.write(text); },
  };
  main(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      process.stderr.write(`sop-check: internal error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
      process.exitCode = 3;
    },
  );
}
