import { useId } from 'react';
import type { SopDefinition } from '../../../../core/sop/types';
import { useMigrationT } from './migration-messages';

/** A step of the version a job runs, to be continued on a node of the target version. */
export interface StepToMap {
  id: string;
  type: string;
  title: string;
}

/** Old step id → new step id, the `mapping` of a migration request (only steps that do not continue on their own id). */
export type StepMapping = Record<string, string>;

/** Where step `step` continues: the mapped node, else the node of the same id when it is of the same type, else '' (none yet). */
export function targetOf(step: StepToMap, target: SopDefinition, mapping: StepMapping): string {
  if (mapping[step.id] !== undefined) return mapping[step.id]!;
  return target.nodes.some((n) => n.id === step.id && n.type === step.type) ? step.id : '';
}

/**
 * One select per step: the nodes of the target version a step may continue on
 * (those of its type), by title. Choosing the step's own id removes it from the mapping.
 */
export function StepMappingPicker({ steps, target, mapping, onChange, invalid }: {
  steps: StepToMap[];
  target: SopDefinition;
  mapping: StepMapping;
  onChange: (mapping: StepMapping) => void;
  /** Steps the last dry run refused: marked so the owner sees which to map. */
  invalid?: ReadonlySet<string>;
}) {
  const t = useMigrationT();
  const id = useId();
  if (steps.length === 0) return null;
  const choose = (step: StepToMap, to: string) => {
    const next = { ...mapping };
    if (to === '' || to === step.id) delete next[step.id];
    else next[step.id] = to;
    onChange(next);
  };
  return (
    <fieldset className="stack step-mapping">
      <legend>{t('mapping')}</legend>
      <p className="muted small">{t('mappingHint')}</p>
      {steps.map((step, i) => {
        const options = target.nodes.filter((n) => n.type === step.type);
        const value = targetOf(step, target, mapping);
        const label = (n: (typeof options)[number]) => {
          const title = n.title || n.id;
          return options.some((o) => o !== n && (o.title || o.id) === title) ? `${title} (${n.id})` : title;
        };
        return (
          <div className="field" key={step.id}>
            <label htmlFor={`${id}-${i}`}>{t('mapTo', { step: step.title })}</label>
            <select id={`${id}-${i}`} value={value} aria-invalid={invalid?.has(step.id) || undefined} onChange={(e) => choose(step, e.target.value)} disabled={options.length === 0}>
              {value === '' && <option value="">{options.length === 0 ? t('noCompatible') : t('chooseTarget')}</option>}
              {options.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.id === step.id ? t('sameStep', { step: label(n) }) : label(n)}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}
