/**
 * `sop-check visual <reference> <draft> [--threshold 0.1] [--max-diff-ratio 0.005]
 *  [--ignore x,y,w,h]... [--diff out.png] [--json]`
 */
import type { Rect } from '../core/sop/types';
import { assertValidRect } from '../core/checks/ignore-mask';
import { percent, runVisualCheck, type VisualCheckResult } from '../checks/visual-check';
import { invalid, numberOption, parseCommandArgs } from './args';
import { formatCount, printJson, type CheckExit, type CliIo } from './output';

/** Regions listed in human output. */
const REGIONS_SHOWN = 5;

/** Runs the visual command; returns 0 (passed) or 1 (failed), throws on bad input. */
export async function visualCommand(argv: string[], io: CliIo): Promise<CheckExit> {
  const { values, positionals } = parseCommandArgs(argv, {
    threshold: { type: 'string' },
    'max-diff-ratio': { type: 'string' },
    ignore: { type: 'string', multiple: true },
    diff: { type: 'string' },
    json: { type: 'boolean' },
  }, ['reference', 'draft']);
  const [reference, draft] = positionals as [string, string];
  const result = await runVisualCheck({
    reference,
    draft,
    threshold: numberOption('threshold', values.threshold, 0, 1),
    maxDiffRatio: numberOption('max-diff-ratio', values['max-diff-ratio'], 0, 1),
    ignore: (values.ignore ?? []).map(parseRect),
    diffPath: values.diff,
  });

  if (values.json) {
    const { passed, width, height, diffPixels, diffRatio, regions, reasons, diffImage } = result;
    printJson(io, { passed, width, height, diffPixels, diffRatio, regions, ...(diffImage ? { diffImage } : {}), reasons });
  } else {
    io.out(describe(result));
  }
  return result.passed ? 0 : 1;
}

/** `x,y,w,h` → Rect (integers, width and height ≥ 1). */
export function parseRect(text: string): Rect {
  const parts = text.split(',').map((p) => p.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 4 || parts.some((p) => p === '') || numbers.some((n) => !Number.isInteger(n))) {
    throw invalid(`--ignore expects x,y,w,h as four integers; got "${text}"`);
  }
  const [x, y, width, height] = numbers as [number, number, number, number];
  const rect = { x, y, width, height };
  try {
    assertValidRect(rect, '--ignore');
  } catch (error) {
    throw invalid((error as Error).message);
  }
  return rect;
}

function describe(result: VisualCheckResult): string {
  const mismatch = result.reasons.find((r) => r.code === 'DIMENSION_MISMATCH');
  if (mismatch) return `FAIL  ${mismatch.message}\n`;
  const verdict = result.passed ? 'PASS' : 'FAIL';
  const count = result.regionCount;
  const where = result.diffPixels > 0 ? ` in ${count} region${count === 1 ? '' : 's'}` : '';
  const written = result.diffImage ? `; diff written to ${result.diffImage}` : '';
  const lines = [`${verdict}  ${formatCount(result.diffPixels)} px differ (${percent(result.diffRatio)})${where}${written}`];
  if (!result.passed) lines.push(`      allowed: ${percent(result.maxDiffRatio)} of ${result.width}×${result.height}`);
  result.regions.slice(0, REGIONS_SHOWN).forEach((r, i) => {
    lines.push(`  ${i + 1}. ${r.width}×${r.height} at ${r.x},${r.y}: ${formatCount(r.pixels)} px`);
  });
  if (count > REGIONS_SHOWN) lines.push(`  … ${count - REGIONS_SHOWN} more`);
  return `${lines.join('\n')}\n`;
}
