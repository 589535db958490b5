/**
 * Where the CLI writes, so commands can be run and tested without a process.
 */

/** The CLI's output streams. */
export interface CliIo {
  /** Writes to stdout (text as given). */
  out(text: string): void;
  /** Writes to stderr (text as given). */
  err(text: string): void;
}

/** One command's outcome: 0 passed, 1 checked and failed (2 and 3 come from errors). */
export type CheckExit = 0 | 1;

/** `1,234`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Prints `value` as one JSON object on one line. */
export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value)}\n`);
}
