import type { CheckResult } from '../../lib/api-types';

/** The file id of a check's artefact of `kind` (`diff`, `overlay`). */
export function artefactId(check: Pick<CheckResult, 'artefacts'>, kind: string): string | undefined {
  return check.artefacts.find((x) => x.kind === kind)?.fileId;
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
  pixels?: number;
}

export function regionsOf(check: Pick<CheckResult, 'figures'> | undefined): Region[] {
  const r = check?.figures?.regions;
  return Array.isArray(r) ? (r as Region[]) : [];
}
