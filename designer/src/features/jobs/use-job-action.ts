import { useState } from 'react';
import { apiRequest } from '../../lib/api-client';
import { problemOf, type Problem } from '../../lib/problem';

export interface JobAction {
  busy: boolean;
  problem?: Problem;
  done: boolean;
  run: (path: string, body: unknown) => void;
  clear: () => void;
}

/** POSTs one owner/manager action and keeps its busy / problem / done state; `onDone` refreshes the page. */
export function useJobAction(onDone: () => void): JobAction {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [done, setDone] = useState(false);
  const run = (path: string, body: unknown) => {
    setBusy(true);
    setProblem(undefined);
    setDone(false);
    apiRequest(path, { method: 'POST', body })
      .then(() => {
        setDone(true);
        onDone();
      })
      .catch((e: unknown) => setProblem(problemOf(e)))
      .finally(() => setBusy(false));
  };
  return { busy, problem, done, run, clear: () => setProblem(undefined) };
}
