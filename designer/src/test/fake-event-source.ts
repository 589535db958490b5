/** A stand-in for the browser's EventSource: the test plays the server (install with `vi.stubGlobal('EventSource', FakeEventSource)`). */
export class FakeEventSource {
  static all: FakeEventSource[] = [];
  readonly listeners = new Map<string, Array<(event: MessageEvent<string>) => void>>();
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(name: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  /** The server sends `event: name`, `data: JSON(data)` (and `id:` when given). */
  emit(name: string, data: unknown, id = '') {
    const event = new MessageEvent<string>(name, { data: JSON.stringify(data), lastEventId: id });
    for (const listener of this.listeners.get(name) ?? []) listener(event);
  }
  fail() {
    this.onerror?.();
  }
}
