import type { CheckResult } from '../../lib/api-types';
import { filePreviewPath } from '../../lib/api-client';

interface WithArtefacts { artefacts: ReadonlyArray<{ kind: string; fileId?: string; url?: string }> }

/**
 * The API path of a check's artefact image of `kind` (`diff`, `overlay`): the check result's artefact URL (a visual
 * check's images are built there on the first open), else the stored file's preview (comparisons).
 */
export function artefactPath(check: WithArtefacts, kind: string): string | undefined {
  const entry = check.artefacts.find((x) => x.kind === kind);
  return entry?.url ?? (entry?.fileId ? filePreviewPath(entry.fileId) : undefined);
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
