'use strict';
/**
 * Entry of every tesseract.js worker thread started by `ocr-pool.ts` (plain JS:
 * worker threads do not go through tsx or jest transforms).
 *
 * 1. The wasm core prints diagnostics ("Error opening data file …") to the
 *    console, which would leak into `sop-check`'s stdout/stderr: silenced unless
 *    SOP_CHECK_OCR_DEBUG=1.
 * 2. tesseract.js 7's `initialize` posts `resolve` after its own `reject`
 *    (bad language data), and the main thread then throws an uncaught
 *    TypeError: messages for a job already rejected are dropped here.
 * 3. When loading or initialising fails, tesseract.js keeps the thread alive
 *    and the pool holds no handle to end it: the thread ends itself instead.
 */
const { parentPort } = require('node:worker_threads');

if (process.env.SOP_CHECK_OCR_DEBUG !== '1') {
  const silent = () => {};
  console.log = silent;
  console.info = silent;
  console.warn = silent;
  console.error = silent;
  console.debug = silent;
}

const post = parentPort.postMessage.bind(parentPort);
const FATAL_ACTIONS = new Set(['load', 'loadLanguage', 'initialize']);
const rejected = new Set();
let ending = false;
parentPort.postMessage = (message, transfer) => {
  const key = message && `${message.action}-${message.jobId}`;
  if (ending || (key && rejected.has(key))) return;
  post(message, transfer);
  if (message && message.status === 'reject') {
    if (rejected.size > 1000) rejected.clear();
    rejected.add(key);
    if (FATAL_ACTIONS.has(message.action)) {
      ending = true;
      setTimeout(() => process.exit(1), 50);
    }
  }
};

require('tesseract.js/src/worker-script/node/index.js');
