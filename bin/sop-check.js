#!/usr/bin/env node
'use strict';
/**
 * `npx sop-check`: loads the TypeScript CLI through tsx's CommonJS register
 * API (no build step; tsx is a runtime dependency) and runs it.
 * See cli/sop-check.ts and shared/product/API.md. A failure to even load the
 * CLI is reported in one line (exit 3), never as a stack trace.
 */
try {
  require('tsx/cjs/api').register();
  require('../cli/sop-check.ts').runFromProcess();
} catch (error) {
  process.stderr.write(`sop-check: internal error: ${String(error && error.message).split('\n')[0]}\n`);
  process.exitCode = 3;
}
