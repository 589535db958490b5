import type { JobFiles } from '../../lib/api-types';

/** A file a compare picker offers: the deliverable's reference or one of its versions. */
export interface VersionOption {
  fileId: string;
  kind: 'reference' | 'version';
  /** The version number (absent for the reference). */
  version?: number;
  name: string;
}

/** The reference first, then the versions of `deliverable`, newest first. */
export function versionOptions(files: JobFiles | undefined, deliverable: string | undefined): VersionOption[] {
  if (!files || !deliverable) return [];
  const reference = files.references.find((r) => r.deliverable === deliverable);
  const versions = files.versions.filter((v) => v.deliverable === deliverable).sort((x, y) => y.version - x.version);
  return [
    ...(reference ? [{ fileId: reference.fileId, kind: 'reference' as const, name: reference.name }] : []),
    ...versions.map((v) => ({ fileId: v.fileId, kind: 'version' as const, version: v.version, name: v.name })),
  ];
}

/** What a comparison starts with: the latest version (B) against the reference, or against the version before it when there is no reference. */
export function defaultPair(options: readonly VersionOption[]): { a?: string; b?: string } {
  const versions = options.filter((o) => o.kind === 'version');
  const reference = options.find((o) => o.kind === 'reference');
  return { a: (reference ?? versions[1])?.fileId, b: versions[0]?.fileId };
}
