/**
 * Group commit (platform/audit/group-commit.ts) as pure logic with a fake
 * writer: callers arriving together share a group, a lone caller is written
 * at once, two calls of one key never share a group, and one bad item fails
 * only itself.
 */
import { groupCommit } from '../../platform/audit/group-commit';

interface Item {
  key: string;
  value: number;
}

function recorder(options: { fail?: (items: Item[]) => boolean; maxGroup?: number } = {}) {
  const groups: Item[][] = [];
  const write = groupCommit<Item, number>({
    key: (i) => i.key,
    maxGroup: options.maxGroup,
    write: async (items) => {
      groups.push(items);
      await new Promise((r) => setTimeout(r, 5));
      if (options.fail?.(items)) throw new Error(`group of ${items.length} failed`);
      return items.map((i) => i.value * 10);
    },
  });
  return { groups, write };
}

test('calls made together are written as one group, each caller getting its own result', async () => {
  const { groups, write } = recorder();
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => write({ key: `job-${i}`, value: i })));
  expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i * 10));
  expect(groups.map((g) => g.length)).toEqual([50]);
});

test('calls arriving while a group is written form the next group; a lone call is written on its own', async () => {
  const { groups, write } = recorder();
  const first = write({ key: 'a', value: 1 });
  await new Promise((r) => setImmediate(r));
  const later = [write({ key: 'b', value: 2 }), write({ key: 'c', value: 3 })];
  expect(await Promise.all([first, ...later])).toEqual([10, 20, 30]);
  expect(groups.map((g) => g.map((i) => i.key))).toEqual([['a'], ['b', 'c']]);
  expect(await write({ key: 'd', value: 4 })).toBe(40);
  expect(groups.at(-1)!.map((i) => i.key)).toEqual(['d']);
});

test('two calls with the same key go into different groups, in order', async () => {
  const { groups, write } = recorder();
  await Promise.all([write({ key: 'job-1', value: 1 }), write({ key: 'job-2', value: 2 }), write({ key: 'job-1', value: 3 })]);
  expect(groups.map((g) => g.map((i) => `${i.key}:${i.value}`))).toEqual([['job-1:1', 'job-2:2'], ['job-1:3']]);
});

test('groups are at most maxGroup long', async () => {
  const { groups, write } = recorder({ maxGroup: 4 });
  await Promise.all(Array.from({ length: 10 }, (_, i) => write({ key: `k${i}`, value: i })));
  expect(groups.map((g) => g.length)).toEqual([4, 4, 2]);
});

test('a failing group is written item by item: only the bad item fails', async () => {
  const { groups, write } = recorder({ fail: (items) => items.some((i) => i.key === 'bad') });
  const results = await Promise.allSettled([write({ key: 'a', value: 1 }), write({ key: 'bad', value: 2 }), write({ key: 'c', value: 3 })]);
  expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([10, 'group of 1 failed', 30]);
  expect(groups.map((g) => g.map((i) => i.key))).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
});
