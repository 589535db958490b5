/** `obj` with `key` set to `value`, or removed when `value` is empty (undefined, '', []). */
export function setOptional<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): T {
  const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  const next = { ...obj };
  if (empty) delete next[key];
  else next[key] = value as T[K];
  return next;
}
