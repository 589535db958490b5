import type { JobFiles } from '../../lib/api-types';

/** A file a compare picker offers: the deliverable's reference or one of its versions. */
export interface VersionOption {
  fileId: string;
  kind: 'reference' | 'version';
  /** The version number (absent for the reference). */
  version?: number;
  name: string;
  mime: string;
}

/** Types the visual check decodes (checks/image-decode.ts); others (PDF, PSD, SVG…) are compared only when picked. */
const COMPARABLE = /^image\/(png|jpeg|webp|gif|tiff)$/;
export const isComparableImage = (o: VersionOption) => COMPARABLE.test(o.mime);

/** The reference first, then the versions of `deliverable`, newest first. */
export function versionOptions(files: JobFiles | undefined, deliverable: string | undefined): VersionOption[] {
  if (!files || !deliverable) return [];
  const reference = files.references.find((r) => r.deliverable === deliverable);
  const versions = files.versions.filter((v) => v.deliverable === deliverable).sort((x, y) => y.version - x.version);
  return [
    ...(reference ? [{ fileId: reference.fileId, kind: 'reference' as const, name: reference.name, mime: reference.mime }] : []),
    ...versions.map((v) => ({ fileId: v.fileId, kind: 'version' as const, version: v.version, name: v.name, mime: v.mime })),
  ];
}

/**
 * What a comparison starts with: the latest version (B) against the reference, or against the version before it
 * when there is no reference; nothing when those are not images the visual check reads (the pickers still offer them).
 */
export function defaultPair(options: readonly VersionOption[]): { a?: string; b?: string } {
  const versions = options.filter((o) => o.kind === 'version');
  const pair = [options.find((o) => o.kind === 'reference') ?? versions[1], versions[0]];
  if (!pair.every((o) => o && isComparableImage(o))) return {};
  return { a: pair[0]!.fileId, b: pair[1]!.fileId };
}
