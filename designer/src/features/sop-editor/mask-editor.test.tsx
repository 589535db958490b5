import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckNode, SopDefinition } from '../../../../core/sop/types';
import { LocaleProvider, type Locale } from '../../lib/i18n';
import { CheckForm } from './check-form';
import { nudge, rectFromDrag } from './mask-geometry';

const DEF = { deliverables: [{ id: 'banner', label: 'Banner' }] } as unknown as SopDefinition;
const NODE: CheckNode = { id: 'auto', type: 'check', checks: [{ kind: 'visual', deliverable: 'banner', threshold: 0.1 }] } as CheckNode;

let latest: CheckNode = NODE;
function Harness() {
  const [node, setNode] = useState(NODE);
  return (
    <CheckForm
      node={node}
      def={DEF}
      onChange={(next) => {
        latest = next;
        setNode(next);
      }}
    />
  );
}

beforeEach(() => {
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:reference'), revokeObjectURL: vi.fn() }));
});
afterEach(() => vi.unstubAllGlobals());

/** Renders the check form, picks a 400×200 reference image shown 200×100 px wide (half size), and returns the drawing stage. */
async function withImage(locale: Locale = 'en') {
  latest = NODE;
  render(
    <LocaleProvider locale={locale}>
      <Harness />
    </LocaleProvider>,
  );
  const chooser = screen.getByLabelText(locale === 'en' ? 'Choose a reference image' : '选择参考图');
  await userEvent.upload(chooser, new File([new Uint8Array([137, 80, 78, 71])], 'ref.png', { type: 'image/png' }));
  const img = screen.getByAltText('ref.png') as HTMLImageElement;
  Object.defineProperty(img, 'naturalWidth', { value: 400 });
  Object.defineProperty(img, 'naturalHeight', { value: 200 });
  fireEvent.load(img);
  const stage = screen.getByRole('application');
  stage.getBoundingClientRect = () => ({ left: 10, top: 10, width: 200, height: 100, right: 210, bottom: 110, x: 10, y: 10, toJSON: () => ({}) });
  return stage;
}

const numbers = () => ['x', 'y', 'width', 'height'].map((k) => (screen.getAllByLabelText(k)[0] as HTMLInputElement).value);
const ignoreOf = () => (latest.checks[0] as { ignore?: unknown }).ignore;

describe('mask geometry', () => {
  it('turns a drag in any direction into a whole-pixel rectangle inside the image, and a click into nothing', () => {
    expect(rectFromDrag({ x: 120.4, y: 90 }, { x: 20.2, y: 40.6 }, { width: 400, height: 200 })).toEqual({ x: 20, y: 41, width: 100, height: 49 });
    expect(rectFromDrag({ x: 390, y: 190 }, { x: 500, y: 300 }, { width: 400, height: 200 })).toEqual({ x: 390, y: 190, width: 10, height: 10 });
    expect(rectFromDrag({ x: 5, y: 5 }, { x: 5.2, y: 40 }, { width: 400, height: 200 })).toBeUndefined();
  });

  it('nudges by 1 px, 10 px with Shift, resizes with Alt, and stops at the image edge', () => {
    const r = { x: 0, y: 0, width: 10, height: 10 };
    const size = { width: 400, height: 200 };
    expect(nudge(r, { key: 'ArrowRight', shiftKey: false, altKey: false }, size)).toEqual({ x: 1, y: 0, width: 10, height: 10 });
    expect(nudge(r, { key: 'ArrowDown', shiftKey: true, altKey: false }, size)).toEqual({ x: 0, y: 10, width: 10, height: 10 });
    expect(nudge(r, { key: 'ArrowLeft', shiftKey: false, altKey: false }, size)).toEqual(r);
    expect(nudge(r, { key: 'ArrowRight', shiftKey: true, altKey: true }, size)).toEqual({ x: 0, y: 0, width: 20, height: 10 });
    expect(nudge(r, { key: 'ArrowUp', shiftKey: true, altKey: true }, size)).toEqual({ x: 0, y: 0, width: 10, height: 1 });
    expect(nudge(r, { key: 'a', shiftKey: false, altKey: false }, size)).toBeUndefined();
  });
});

describe('MaskEditor in the visual check form', () => {
  it('drawing a rectangle on the half-size image adds a mask in image pixels, and the number fields show it', async () => {
    const stage = await withImage();
    fireEvent.pointerDown(stage, { clientX: 20, clientY: 30, button: 0, pointerId: 1 });
    fireEvent.pointerMove(stage, { clientX: 70, clientY: 55, pointerId: 1 });
    fireEvent.pointerUp(stage, { clientX: 70, clientY: 55, pointerId: 1 });
    expect(ignoreOf()).toEqual([{ x: 20, y: 40, width: 100, height: 50 }]);
    expect(numbers()).toEqual(['20', '40', '100', '50']);
    expect(within(stage).getByRole('button', { name: 'Ignore region 1: x 20, y 40, 100×50' })).toBeTruthy();
  });

  it('moves a mask by dragging it and resizes it by its corner', async () => {
    const stage = await withImage();
    fireEvent.pointerDown(stage, { clientX: 20, clientY: 30, button: 0, pointerId: 1 });
    fireEvent.pointerUp(stage, { clientX: 70, clientY: 55, pointerId: 1 });
    const mask = within(stage).getByRole('button', { name: /^Ignore region 1/ });
    fireEvent.pointerDown(mask, { clientX: 30, clientY: 35, button: 0, pointerId: 2 });
    fireEvent.pointerMove(stage, { clientX: 35, clientY: 40, pointerId: 2 });
    fireEvent.pointerUp(stage, { clientX: 35, clientY: 40, pointerId: 2 });
    expect(ignoreOf()).toEqual([{ x: 30, y: 50, width: 100, height: 50 }]);
    fireEvent.pointerDown(screen.getByTestId('mask-handle-1'), { clientX: 75, clientY: 60, button: 0, pointerId: 3 });
    fireEvent.pointerMove(stage, { clientX: 85, clientY: 65, pointerId: 3 });
    fireEvent.pointerUp(stage, { clientX: 85, clientY: 65, pointerId: 3 });
    expect(ignoreOf()).toEqual([{ x: 30, y: 50, width: 120, height: 60 }]);
    expect(numbers()).toEqual(['30', '50', '120', '60']);
  });

  it('is keyboard accessible: a focused mask moves with the arrows, resizes with Alt+arrows and goes with Delete', async () => {
    const stage = await withImage();
    await userEvent.click(screen.getByRole('button', { name: 'Add an ignore region' }));
    expect(ignoreOf()).toEqual([{ x: 160, y: 80, width: 80, height: 40 }]);
    const mask = within(stage).getByRole('button', { name: /^Ignore region 1/ });
    mask.focus();
    await userEvent.keyboard('{ArrowRight}{Shift>}{ArrowDown}{/Shift}{Alt>}{ArrowLeft}{/Alt}');
    expect(ignoreOf()).toEqual([{ x: 161, y: 90, width: 79, height: 40 }]);
    expect(numbers()).toEqual(['161', '90', '79', '40']);
    await userEvent.keyboard('{Delete}');
    expect(ignoreOf()).toBeUndefined();
    expect(within(stage).queryByRole('button')).toBeNull();
  });

  it('follows the typed numbers', async () => {
    const stage = await withImage();
    await userEvent.click(screen.getByRole('button', { name: 'Add an ignore region' }));
    const x = screen.getAllByLabelText('x')[0]!;
    await userEvent.clear(x);
    await userEvent.type(x, '5');
    expect(within(stage).getByRole('button', { name: 'Ignore region 1: x 5, y 80, 80×40' })).toBeTruthy();
  });

  it('speaks Chinese in zh-CN', async () => {
    const stage = await withImage('zh-CN');
    await userEvent.click(screen.getByRole('button', { name: '添加忽略区域' }));
    expect(within(stage).getByRole('button', { name: '忽略区域 1：x 160，y 80，80×40' })).toBeTruthy();
  });
});
