import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLiveBatcher } from './live-batch';

describe('createLiveBatcher (debounce with a ceiling)', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('flushes a lone event once the stream has been quiet for quietMs', () => {
    const flushed: string[][] = [];
    const batcher = createLiveBatcher<string>((items) => flushed.push(items), 15, 100);
    batcher.add(['a']);
    vi.advanceTimersByTime(14);
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual([['a']]);
    vi.advanceTimersByTime(500);
    expect(flushed).toEqual([['a']]);
  });

  it('gathers a burst of events a few ms apart into one flush after its last event', () => {
    const flushed: string[][] = [];
    const batcher = createLiveBatcher<string>((items) => flushed.push(items), 15, 100);
    batcher.add(['submission']);
    vi.advanceTimersByTime(4);
    batcher.add(['step', 'step']);
    vi.advanceTimersByTime(10);
    batcher.add(['inbox']);
    vi.advanceTimersByTime(14);
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual([['submission', 'step', 'step', 'inbox']]);
  });

  it('flushes a steady flood about once per maxWaitMs, every event exactly once and at most maxWaitMs after it came', () => {
    const flushed: Array<{ at: number; items: number[] }> = [];
    const batcher = createLiveBatcher<number>((items) => flushed.push({ at: performance.now(), items }), 15, 100);
    const start = performance.now();
    for (let ms = 0; ms < 500; ms += 5) {
      batcher.add([start + ms]);
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(100);
    expect(flushed.length).toBeGreaterThanOrEqual(5);
    expect(flushed.length).toBeLessThanOrEqual(6);
    expect(flushed.flatMap((f) => f.items)).toEqual(Array.from({ length: 100 }, (_, i) => start + i * 5));
    for (const f of flushed) for (const at of f.items) expect(f.at - at).toBeLessThanOrEqual(100);
  });

  it('drops what is gathered when stopped and flushes nothing later', () => {
    const flushed: string[][] = [];
    const batcher = createLiveBatcher<string>((items) => flushed.push(items), 15, 100);
    batcher.add(['a']);
    vi.advanceTimersByTime(15);
    batcher.add(['b']);
    batcher.stop();
    vi.advanceTimersByTime(200);
    expect(flushed).toEqual([['a']]);
  });
});
