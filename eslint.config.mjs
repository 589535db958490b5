// ESLint flat config. Type-aware rules catch floating promises everywhere;
// workflow code is banned from importing anything that does I/O.
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs', 'path', 'child_process', 'net', 'http', 'https', 'crypto', 'os', 'dns', 'tls', 'zlib',
  'stream', 'worker_threads', 'cluster', 'readline', 'process', 'timers', 'url', 'util', 'events',
];
const ioPackages = ['sharp', 'tesseract.js', 'pixelmatch', 'express', 'pg', '@prisma/*', '@electric-sql/*', 'pglite-prisma-adapter', 'busboy', 'nodemailer', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'];

export default tseslint.config(
  { ignores: ['**/.*.ts', '.wt/**', 'node_modules/**', 'prisma/generated/**', 'designer/dist/**', 'dist/**', '.data/**', '.tools/**', 'coverage/**', 'test-output/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts'],
    ignores: ['designer/**'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Workflows run in Temporal's deterministic sandbox: no I/O, no Node builtins.
    files: ['workflows/**/*.ts', 'core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.flatMap((m) => [
            { name: m, message: 'Workflow and core code must be deterministic and I/O-free.' },
            { name: `node:${m}`, message: 'Workflow and core code must be deterministic and I/O-free.' },
          ]),
          patterns: [{ group: ioPackages, message: 'Do I/O in activities, not in workflow or core code.' }],
        },
      ],
    },
  },
  {
    // The visual comparison core calls pixelmatch, a pure function over typed arrays.
    files: ['core/checks/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The web UI: the hook rules (including React Compiler's) and the accessibility rules, type-aware against its own tsconfig.
    files: ['designer/**/*.{ts,tsx}'],
    extends: [tseslint.configs.base, reactHooks.configs.flat.recommended, jsxA11y.flatConfigs.recommended],
    languageOptions: {
      parserOptions: { project: './designer/tsconfig.json', tsconfigRootDir: import.meta.dirname, ecmaFeatures: { jsx: true } },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // A missing dependency is a stale-closure bug: an error, not a warning nobody reads.
      'react-hooks/exhaustive-deps': 'error',
      // Off: its findings here are forms that reset a draft when the record they edit changes and
      // effects that sync a local view (zoom, selection) to props; none renders wrongly, and the
      // server reads it also flagged now go through TanStack Query. Revisit with the React Compiler.
      'react-hooks/set-state-in-effect': 'off',
    },
  },
);
