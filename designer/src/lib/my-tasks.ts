import type { Instant } from './api-types';
import { usePagedList, type PageBody } from './use-paged-list';

/** What `GET /api/me/tasks` lists (`acceptance`: an `accept` step, 接单); more kinds (reports due) may follow. */
export type TaskKind = 'task' | 'review' | 'acceptance' | 'stuck' | 'overdue';

/** One item of the caller's queue, as `GET /api/me/tasks` sends it. */
export interface TaskItem {
  id: string;
  kind: TaskKind | (string & {});
  status: 'open' | 'rework';
  overdue: boolean;
  dueAt: Instant;
  job: { id: string; code: string; title: string; status: string; sop: { key: string; version: number }; vendorOrg: { id: string; name: string } };
  step: { nodeId: string; type: string; title: string | null; round: number; assigneeRole: string | null };
}

export interface TaskCounts {
  total: number;
  overdue: number;
  byKind: Partial<Record<TaskKind, number>>;
}

export interface TaskPage extends PageBody<TaskItem> {
  counts: TaskCounts;
}

export interface TaskFilter {
  kind?: TaskKind;
  status?: 'open' | 'rework';
  due?: 'overdue' | 'today' | 'week';
}

/** `/me/tasks` with the filter's parameters. */
export function myTasksPath(filter: TaskFilter = {}): string {
  const params = new URLSearchParams();
  for (const key of ['kind', 'status', 'due'] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return `/me/tasks${query ? `?${query}` : ''}`;
}

/** The caller's queue, paged by the server (overdue first, then by deadline), with its badge counts. */
export function useMyTasks(filter: TaskFilter, pageSize = 50, refreshMs = 60_000) {
  const list = usePagedList<TaskItem, TaskPage>(myTasksPath(filter), pageSize, refreshMs);
  return { ...list, counts: list.first?.counts };
}
