import { useCallback, useReducer } from 'react';
import type { SopDefinition } from '../../../../core/sop/types';

interface History {
  past: SopDefinition[];
  present: SopDefinition;
  future: SopDefinition[];
  /** The merge key and time of the last commit: typing in one form coalesces into one undo step. */
  last?: { key: string; at: number };
}

type Action =
  | { type: 'commit'; def: SopDefinition; mergeKey?: string; at: number }
  | { type: 'reset'; def: SopDefinition }
  | { type: 'undo' }
  | { type: 'redo' };

const LIMIT = 200;
const MERGE_MS = 1200;

function reduce(h: History, a: Action): History {
  switch (a.type) {
    case 'commit': {
      if (a.def === h.present) return h;
      const last = a.mergeKey ? { key: a.mergeKey, at: a.at } : undefined;
      if (a.mergeKey && h.last?.key === a.mergeKey && a.at - h.last.at < MERGE_MS && h.future.length === 0) {
        return { ...h, present: a.def, last };
      }
      return { past: [...h.past, h.present].slice(-LIMIT), present: a.def, future: [], last };
    }
    case 'reset':
      return { past: [], present: a.def, future: [] };
    case 'undo': {
      const prev = h.past[h.past.length - 1];
      return prev ? { last: undefined, past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future] } : h;
    }
    case 'redo': {
      const [next, ...rest] = h.future;
      return next ? { last: undefined, past: [...h.past, h.present], present: next, future: rest } : h;
    }
  }
}

/** The definition being edited, with undo/redo of every committed change. */
export function useSopHistory(initial: SopDefinition) {
  const [h, dispatch] = useReducer(reduce, undefined, () => ({ past: [], present: initial, future: [] }));
  return {
    def: h.present,
    canUndo: h.past.length > 0,
    canRedo: h.future.length > 0,
    /** Records a change; changes with the same `mergeKey` in quick succession form one undo step. */
    commit: useCallback((def: SopDefinition, mergeKey?: string) => dispatch({ type: 'commit', def, mergeKey, at: Date.now() }), []),
    reset: useCallback((def: SopDefinition) => dispatch({ type: 'reset', def }), []),
    undo: useCallback(() => dispatch({ type: 'undo' }), []),
    redo: useCallback(() => dispatch({ type: 'redo' }), []),
  };
}
