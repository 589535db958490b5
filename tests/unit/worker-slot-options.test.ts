import { DEFAULT_LOCAL_ACTIVITY_SLOTS, DEFAULT_WORKFLOW_TASK_POLLS, DEFAULT_WORKFLOW_TASK_SLOTS, loadConfig } from '../../platform/config';
import { slotOptions } from '../../worker/create-worker';

describe('worker slot options', () => {
  test('the product defaults, and the environment overrides them', () => {
    const defaults = loadConfig({});
    expect([defaults.workflowTaskSlots, defaults.localActivitySlots, defaults.workflowTaskPolls]).toEqual([DEFAULT_WORKFLOW_TASK_SLOTS, DEFAULT_LOCAL_ACTIVITY_SLOTS, DEFAULT_WORKFLOW_TASK_POLLS]);
    const set = loadConfig({ WORKER_WORKFLOW_TASK_SLOTS: '40', WORKER_LOCAL_ACTIVITY_SLOTS: '100', WORKER_WORKFLOW_TASK_POLLS: '10' });
    expect([set.workflowTaskSlots, set.localActivitySlots, set.workflowTaskPolls]).toEqual([40, 100, 10]);
    expect(() => loadConfig({ WORKER_WORKFLOW_TASK_SLOTS: '0' })).toThrow('WORKER_WORKFLOW_TASK_SLOTS must be a whole number ≥ 1 (found "0")');
  });

  test('workflow task slots never exceed the cache (the SDK would refuse), polls never exceed the slots', () => {
    expect(slotOptions({})).toEqual({ maxConcurrentWorkflowTaskExecutions: DEFAULT_WORKFLOW_TASK_SLOTS, maxConcurrentLocalActivityExecutions: DEFAULT_LOCAL_ACTIVITY_SLOTS, maxConcurrentWorkflowTaskPolls: DEFAULT_WORKFLOW_TASK_POLLS });
    expect(slotOptions({ workflowTaskSlots: 250, maxCachedWorkflows: 100 }).maxConcurrentWorkflowTaskExecutions).toBe(100);
    expect(slotOptions({ workflowTaskSlots: 8, workflowTaskPolls: 50 }).maxConcurrentWorkflowTaskPolls).toBe(8);
    expect(slotOptions({ workflowTaskSlots: 1, workflowTaskPolls: 1 })).toMatchObject({ maxConcurrentWorkflowTaskExecutions: 2, maxConcurrentWorkflowTaskPolls: 2 });
  });
});
