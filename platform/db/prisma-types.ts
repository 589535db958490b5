/**
 * The generated Prisma client, for the rest of the code base: `PrismaClient`,
 * the `Prisma` namespace (input types, errors such as
 * `Prisma.PrismaClientKnownRequestError`, `Prisma.JsonValue`), one type per
 * model (`Job`, `StepRun`, …) and the enums (`JobStatus`, `StepRunStatus`, …).
 *
 * Import from here rather than from `prisma/generated`, which is regenerated
 * by `npm install` (postinstall: `prisma generate`) and not committed.
 */
export * from '../../prisma/generated/client';
