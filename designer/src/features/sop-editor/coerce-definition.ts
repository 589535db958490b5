import type { SopDefinition } from '../../../../core/sop/types';

/** Coerces a stored or imported document just enough for the editor to render it; validation reports the rest. */
export function coerceDefinition(value: unknown): SopDefinition | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const p = value as Partial<SopDefinition>;
  return {
    ...(p as SopDefinition),
    roles: Array.isArray(p.roles) ? p.roles : [],
    deliverables: Array.isArray(p.deliverables) ? p.deliverables : [],
    ...(p.fields !== undefined ? { fields: Array.isArray(p.fields) ? p.fields : [] } : {}),
    nodes: Array.isArray(p.nodes) ? p.nodes.filter((n) => n && typeof n === 'object' && typeof n.id === 'string') : [],
    edges: Array.isArray(p.edges) ? p.edges.filter((e) => e && typeof e === 'object') : [],
  };
}

export function importDefinition(text: string): SopDefinition | null {
  try {
    return coerceDefinition(JSON.parse(text));
  } catch {
    return null;
  }
}
