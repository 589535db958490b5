// ESLint flat config. Type-aware rules catch floating promises everywhere;
// workflow code is banned from importing anything that does I/O.
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs', 'path', 'child_process', 'net', 'http', 'https', 'crypto', 'os', 'dns', 'tls', 'zlib',
  'stream', 'worker_threads', 'cluster', 'readline', 'process', 'timers', 'url', 'util', 'events',
];
const ioPackages = ['sharp', 'tesseract.js', 'pixelmatch', 'express', 'pg', '@prisma/*', '@electric-sql/*', 'pglite-prisma-adapter', 'busboy', 'nodemailer', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'];

export default tseslint.config(
  { ignores: ['**/.*.ts', '.wt/**', 'node_modules/**', 'prisma/generated/**', 'designer/**', 'dist/**', '.data/**', '.tools/**', 'coverage/**', 'test-output/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts'],
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
);
