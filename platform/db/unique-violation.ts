/** True for a unique-constraint violation, as Prisma reports it (P2002) or as `pg` does (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string; originalCode?: string } } | null;
  return e?.code === 'P2002' || e?.code === '23505' || e?.cause?.code === '23505' || e?.cause?.originalCode === '23505';
}
