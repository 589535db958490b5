import type { Org, OrgKind } from './people';
import { usePeopleT } from './people-messages';

/** `<option>`s for organisations, vendors and internal ones in two groups, each by name. */
export function OrgOptions({ orgs, kinds = ['vendor', 'internal'], valuePrefix = '' }: { orgs: readonly Org[]; kinds?: readonly OrgKind[]; valuePrefix?: string }) {
  const t = usePeopleT();
  return (
    <>
      {kinds.map((kind) => {
        const group = orgs.filter((o) => o.kind === kind).sort((a, b) => a.name.localeCompare(b.name));
        return group.length === 0 ? null : (
          <optgroup key={kind} label={t(`group.${kind}`)}>
            {group.map((o) => (
              <option key={o.id} value={`${valuePrefix}${o.id}`}>
                {o.name}
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
}
