/**
 * `npm ci` (the Dockerfile's install, and any CI that uses it) refuses a lock
 * file that does not hold every dependency package.json and the lock's own
 * entries name — optional platform packages included, even those for other
 * platforms (odiff-bin's @odiff/darwin-arm64, …), which an `npm install` run
 * against a registry mirror lacking them leaves out.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

interface LockEntry {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };

/** Where Node (and npm) find `name` from the package at `from`: its own node_modules, then each parent's, up to the root's. */
function resolves(from: string, name: string): boolean {
  for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
    if (lock.packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    if (dir === '') return false;
  }
}

test('every dependency and optional dependency a lock entry names has an entry of its own (what npm ci checks)', () => {
  const missing: string[] = [];
  for (const [at, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      if (!resolves(at, name)) missing.push(`${at || '(root)'} → ${name}`);
    }
  }
  expect(missing).toEqual([]);
});
