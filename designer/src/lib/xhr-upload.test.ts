import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { networkStatus } from './network-status';
import { ApiError } from './problem';
import { uploadWithProgress } from './xhr-upload';

/** A scripted XMLHttpRequest: each send() takes the next outcome. */
class FakeXhr {
  static sent: Array<{ url: string; headers: Record<string, string>; body: unknown }> = [];
  static outcomes: Array<'no-answer' | { status: number; body: unknown }> = [];
  status = 0;
  statusText = '';
  responseText = '';
  upload: { onprogress?: (e: { lengthComputable: boolean; loaded: number; total: number }) => void } = {};
  onload?: () => void;
  onerror?: () => void;
  private url = '';
  private headers: Record<string, string> = {};
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  send(body: unknown) {
    FakeXhr.sent.push({ url: this.url, headers: this.headers, body });
    const outcome = FakeXhr.outcomes.shift();
    queueMicrotask(() => {
      if (!outcome || outcome === 'no-answer') return this.onerror?.();
      this.status = outcome.status;
      this.responseText = JSON.stringify(outcome.body);
      this.onload?.();
    });
  }
}

let online = true;
const goOffline = () => {
  online = false;
  window.dispatchEvent(new Event('offline'));
};
const goOnline = () => {
  online = true;
  window.dispatchEvent(new Event('online'));
};

beforeEach(() => {
  FakeXhr.sent = [];
  FakeXhr.outcomes = [];
  online = true;
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('uploads on a flaky connection', () => {
  it('keeps the form while offline, shows it waiting, and sends it again at the online event under the same Idempotency-Key', async () => {
    FakeXhr.outcomes = ['no-answer', { status: 201, body: { round: 1 } }];
    const form = new FormData();
    form.append('note', 'hi');
    const waiting: boolean[] = [];
    goOffline();
    const done = uploadWithProgress<{ round: number }>('/jobs/j/steps/draft/submissions', form, () => undefined, { onWaiting: (w) => waiting.push(w) });
    await vi.waitFor(() => expect(networkStatus().waitingUploads).toBe(1));
    expect([FakeXhr.sent.length, waiting]).toEqual([1, [true]]);
    goOnline();
    await expect(done).resolves.toEqual({ round: 1 });
    expect(waiting).toEqual([true, false]);
    expect(networkStatus().waitingUploads).toBe(0);
    const [first, second] = FakeXhr.sent;
    expect(second!.body).toBe(form);
    expect(second!.url).toBe('/api/jobs/j/steps/draft/submissions');
    expect(first!.headers['Idempotency-Key']).toMatch(/^upload-[0-9a-f]{32}$/);
    expect(second!.headers['Idempotency-Key']).toBe(first!.headers['Idempotency-Key']);
  });

  it('drops a waiting upload when the person who started it signs out, and never sends it with the next person\'s session', async () => {
    localStorage.setItem('sop.token', 'token-of-a');
    FakeXhr.outcomes = ['no-answer', { status: 201, body: { round: 1 } }];
    goOffline();
    const done = uploadWithProgress('/jobs/j/steps/draft/submissions', new FormData(), () => undefined);
    await vi.waitFor(() => expect(networkStatus().waitingUploads).toBe(1));
    localStorage.setItem('sop.token', 'token-of-b');
    goOnline();
    await expect(done).rejects.toMatchObject({ status: 401 });
    expect(FakeXhr.sent.map((x) => x.headers.Authorization)).toEqual(['Bearer token-of-a']);
    localStorage.removeItem('sop.token');
  });

  it('waits again when the connection drops again before the retry got through', async () => {
    FakeXhr.outcomes = ['no-answer', 'no-answer', { status: 201, body: { round: 2 } }];
    goOffline();
    const done = uploadWithProgress('/x', new FormData(), () => undefined);
    await vi.waitFor(() => expect([FakeXhr.sent.length, networkStatus().waitingUploads]).toEqual([1, 1]));
    // The browser says online, but the retry gets no answer and the browser is offline again by then.
    online = true;
    window.dispatchEvent(new Event('online'));
    online = false;
    await vi.waitFor(() => expect([FakeXhr.sent.length, networkStatus().waitingUploads]).toEqual([2, 1]));
    goOnline();
    await expect(done).resolves.toEqual({ round: 2 });
  });

  it('fails at once (status 0) when there is no answer while the browser is online, and never retries a refusal', async () => {
    FakeXhr.outcomes = ['no-answer'];
    const lost = await uploadWithProgress('/x', new FormData(), () => undefined).catch((e: unknown) => e);
    expect([lost instanceof ApiError, (lost as ApiError).status, FakeXhr.sent.length]).toEqual([true, 0, 1]);
    FakeXhr.outcomes = [{ status: 422, body: { type: 'urn:sop:problem:naming', title: 'Bad name' } }];
    goOffline();
    const refused = await uploadWithProgress('/x', new FormData(), () => undefined).catch((e: unknown) => e);
    expect([(refused as ApiError).status, FakeXhr.sent.length, networkStatus().waitingUploads]).toEqual([422, 2, 0]);
  });
});
