#!/usr/bin/env node
'use strict';
/**
 * `npx sop-admin create-admin --email … --name …`: the first admin (cli/sop-admin.ts).
 * Loads the TypeScript through tsx like bin/sop-check.js; a failure to load is one line, exit 3.
 */
try {
  require('tsx/cjs/api').register();
  require('../cli/sop-admin.ts').runFromProcess();
} catch (error) {
  process.stderr.write(`sop-admin: internal error: ${String(error && error.message).split('\n')[0]}\n`);
  process.exitCode = 3;
}
