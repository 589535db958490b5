import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy*/waitFor wait up to 1 s by default; on a loaded 2-core CI machine typing a value and a
// re-render can take longer (a deadline test once failed at 1.2 s). Waiting longer cannot make a
// wrong assertion pass: it only stops a slow right one from failing.
configure({ asyncUtilTimeout: 5000 });

// React Flow measures nodes with ResizeObserver and DOMMatrix; jsdom has neither.
class ResizeObserverStub {
  private readonly callback: ResizeObserverCallback;
  constructor(callback: ResizeObserverCallback) {
    this.callback = callback;
  }
  observe(target: Element) {
    this.callback([{ target } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  unobserve() {}
  disconnect() {}
}

class DOMMatrixReadOnlyStub {
  m22: number;
  constructor(transform?: string) {
    const scale = transform?.match(/scale\(([1-9.])\)/)?.[1];
    this.m22 = scale !== undefined ? Number(scale) : 1;
  }
}

Object.assign(globalThis, { ResizeObserver: ResizeObserverStub, DOMMatrixReadOnly: DOMMatrixReadOnlyStub });
Object.defineProperties(HTMLElement.prototype, {
  offsetHeight: { get() { return Number.parseFloat((this as HTMLElement).style.height) || 80; } },
  offsetWidth: { get() { return Number.parseFloat((this as HTMLElement).style.width) || 220; } },
});
(SVGElement.prototype as unknown as { getBBox: () => DOMRect }).getBBox = () => ({ x: 0, y: 0, width: 0, height: 0 }) as DOMRect;
localStorage.setItem('sop.locale', 'en');

afterEach(() => cleanup());
