/**
 * A bulk start's run as the API answers it (api/jobs/bulk-run.ts `bulkRunDto`):
 * a run that stopped making progress reads `interrupted`, and the counts come
 * from its row results.
 */
import { RUN_STALE_MS, bulkRunDto } from '../../api/jobs/bulk-run';

const createdAt = new Date('2026-12-04T08:00:00Z');
const run = (status: string, updatedAt: Date) => ({
  id: 'run-1', fileName: 'jobs.xlsx', status, total: 4, done: 3, createdAt, updatedAt,
  results: [
    { row: 2, code: 'A-1', status: 'started', jobId: 'j1' },
    { row: 3, code: 'A-2', status: 'skipped-existing', jobId: 'j2' },
    { row: 4, code: 'A-3', status: 'failed', problems: [] },
  ],
});

describe('bulkRunDto', () => {
  test('a running run with progress within the last minute reads running; one quiet for longer reads interrupted', () => {
    const updatedAt = new Date(createdAt.getTime() + 5_000);
    expect(bulkRunDto(run('running', updatedAt), updatedAt.getTime() + RUN_STALE_MS).status).toBe('running');
    expect(bulkRunDto(run('running', updatedAt), updatedAt.getTime() + RUN_STALE_MS + 1).status).toBe('interrupted');
  });

  test('a finished run stays done however old it is, with its counts per row status', () => {
    const dto = bulkRunDto(run('done', createdAt), createdAt.getTime() + 30 * RUN_STALE_MS);
    expect([dto.status, dto.total, dto.done, dto.summary, dto.createdAt]).toEqual(['done', 4, 3, { started: 1, skipped: 1, failed: 1 }, '2026-12-04T08:00:00.000Z']);
  });
});
