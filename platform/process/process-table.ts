/**
 * What the supervisor needs to know about processes, read from Linux's /proc:
 * whether a pid is still the process we started (pids are reused, so a
 * process is named by its pid *and* its start time), and killing whole
 * process groups.
 */
import fs from 'node:fs';

/** A process as the supervisor records it: pid, process group and start time (clock ticks since boot). */
export interface ProcessRef {
  pid: number;
  pgid: number;
  startTime: number;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined when the process is gone. */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    if (state === 'Z' || state === 'X') return undefined; // a zombie has finished
    const value = Number(fields[19]);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The process group of a running process; undefined when it is gone. */
export function processGroup(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const value = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The recorded process is still running (same pid and the same start time, so not a reused pid). */
export function isRunning(ref: ProcessRef): boolean {
  const started = processStartTime(ref.pid);
  return started !== undefined && started === ref.startTime;
}

/** A reference to a process that runs now, or undefined when it has already exited. */
export function refOf(pid: number): ProcessRef | undefined {
  const startTime = processStartTime(pid);
  const pgid = processGroup(pid);
  return startTime === undefined || pgid === undefined ? undefined : { pid, pgid, startTime };
}

/** The command line of a running process (arguments joined by spaces); '' when unknown. */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Sends `signal` to every process of group `pgid`; false when the group is empty (ESRCH). */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (pgid <= 1) throw new Error(`refusing to signal process group ${pgid}`);
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** The pids of the processes that are members of group `pgid` now. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (processGroup(pid) === pgid && processStartTime(pid) !== undefined) members.push(pid);
  }
  return members;
}

/** Resolves true once `check()` is false, polling every 50 ms, or false after `timeoutMs`. */
export async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

/**
 * Ends a whole process group left by an earlier supervisor: `signal` first
 * (a graceful stop), SIGKILL to what is left after `graceMs`. Only when the
 * recorded leader is still the process that was recorded, or the group still
 * has members while the leader is gone (children it left behind). Resolves
 * true when there was something to end.
 */
export async function endGroup(ref: ProcessRef, signal: NodeJS.Signals, graceMs: number): Promise<boolean> {
  // Linux does not hand out a pid while it still names a process group, so members of
  // `pgid` are the recorded leader or processes it left behind.
  if (!isRunning(ref) && groupMembers(ref.pgid).length === 0) return false;
  signalGroup(ref.pgid, signal);
  const gone = await waitUntil(() => groupMembers(ref.pgid).length === 0, graceMs);
  if (!gone) signalGroup(ref.pgid, 'SIGKILL');
  await waitUntil(() => groupMembers(ref.pgid).length === 0, 5_000);
  return true;
}
