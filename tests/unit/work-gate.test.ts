import { createWorkGate } from '../../platform/work-gate';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('a work gate', () => {
  test('runs at most `concurrency` at once and starts the waiting ones first come, first served', async () => {
    const gate = createWorkGate({ concurrency: 2 });
    const started: number[] = [];
    const [r0, r1, r2, r3] = [0, 1, 2, 3].map(() => deferred()) as [ReturnType<typeof deferred>, ReturnType<typeof deferred>, ReturnType<typeof deferred>, ReturnType<typeof deferred>];
    const releases = [r0, r1, r2, r3];
    const runs = releases.map((d, i) => gate.run(async () => {
      started.push(i);
      await d.promise;
      return i;
    }));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect([gate.running, gate.waiting]).toEqual([2, 2]);
    r1.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    r0.resolve();
    r2.resolve();
    r3.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect([gate.running, gate.waiting, gate.completed]).toEqual([0, 0, 4]);
  });

  test('refuses with its busy error once maxWaiting are in line, and a failed piece of work frees its slot', async () => {
    const gate = createWorkGate({ concurrency: 1, maxWaiting: 1, busy: () => new Error('come back later') });
    const hold = deferred();
    const first = gate.run(() => hold.promise.then(() => { throw new Error('broken'); }));
    const second = gate.run(async () => 'second');
    await expect(gate.run(async () => 'third')).rejects.toThrow('come back later');
    hold.resolve();
    await expect(first).rejects.toThrow('broken');
    await expect(second).resolves.toBe('second');
    expect([gate.running, gate.waiting, gate.completed]).toEqual([0, 0, 2]);
  });

  test('a concurrency below one is refused when the gate is made', () => {
    expect(() => createWorkGate({ concurrency: 0 })).toThrow('a work gate needs concurrency ≥ 1 (got 0)');
  });
});
