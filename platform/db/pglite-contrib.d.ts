// PGlite's contrib modules are reachable through its package `exports` ("./contrib/*"), which
// this project's moduleResolution (node10) does not read: point the types at the files.
declare module '@electric-sql/pglite/contrib/pg_trgm' {
  export { pg_trgm } from '@electric-sql/pglite/dist/contrib/pg_trgm';
}
