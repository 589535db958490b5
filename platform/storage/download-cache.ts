import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Files touched this recently are never evicted (a caller may hold the path and not have opened it yet). */
const IN_USE_MS = 60_000;
/** Downloads unfinished for this long were left by a crashed process (the API and workers on one machine share the folder). */
const STALE_DOWNLOAD_MS = 60 * 60_000;

/**
 * Local copies of remote objects for code that reads files (image decoders, checks):
 * `<dir>/<sha256>`, verified against the key on download, least recently used
 * evicted past `maxBytes` (files touched in the last minute are kept, so the bound is soft).
 */
export class DownloadCache {
  private readonly pending = new Map<string, Promise<string>>();
  /** One trim at a time in this process; a download finishing meanwhile asks for one more pass. */
  private trimming: Promise<void> | undefined;
  private trimAgain = false;

  constructor(private readonly dir: string, private readonly maxBytes: number) {
    fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  }

  /** The local file of `key`, fetched with `download` when not cached. */
  async pathOf(key: string, download: () => Promise<Readable>): Promise<string> {
    const file = path.join(this.dir, key);
    const now = new Date();
    if (await fs.promises.utimes(file, now, now).then(() => true, () => false)) return file;
    const running = this.pending.get(key);
    if (running) return running;
    const fetching = this.fetch(key, file, download).finally(() => this.pending.delete(key));
    this.pending.set(key, fetching);
    return fetching;
  }

  async forget(key: string): Promise<void> {
    await fs.promises.rm(path.join(this.dir, key), { force: true });
  }

  private async fetch(key: string, file: string, download: () => Promise<Readable>): Promise<string> {
    const tmp = path.join(this.dir, 'tmp', randomBytes(8).toString('hex'));
    const hash = createHash('sha256');
    const hasher = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(await download(), hasher, fs.createWriteStream(tmp, { flags: 'wx' }));
      const sha256 = hash.digest('hex');
      if (sha256 !== key) throw new Error(`downloaded object ${key} has SHA-256 ${sha256}`);
      await fs.promises.rename(tmp, file);
    } catch (error) {
      await fs.promises.rm(tmp, { force: true });
      throw error;
    }
    // Trimming runs behind: the caller has its file now (a recent file is never evicted).
    void this.requestTrim().catch(() => undefined);
    return file;
  }

  private async requestTrim(): Promise<void> {
    if (this.trimming) {
      this.trimAgain = true;
      return this.trimming;
    }
    this.trimming = (async () => {
      do {
        this.trimAgain = false;
        await this.trim();
      } while (this.trimAgain);
    })().finally(() => (this.trimming = undefined));
    return this.trimming;
  }

  private async trim(): Promise<void> {
    const tmp = path.join(this.dir, 'tmp');
    for (const name of await fs.promises.readdir(tmp)) {
      const stat = await fs.promises.stat(path.join(tmp, name)).catch(() => undefined);
      if (stat && stat.mtimeMs < Date.now() - STALE_DOWNLOAD_MS) await fs.promises.rm(path.join(tmp, name), { force: true });
    }
    const entries: { file: string; size: number; mtime: number }[] = [];
    for (const name of await fs.promises.readdir(this.dir)) {
      if (name === 'tmp') continue;
      const file = path.join(this.dir, name);
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat?.isFile()) entries.push({ file, size: stat.size, mtime: stat.mtimeMs });
    }
    let total = entries.reduce((sum, e) => sum + e.size, 0);
    const recent = Date.now() - IN_USE_MS;
    for (const entry of entries.sort((a, b) => a.mtime - b.mtime)) {
      if (total <= this.maxBytes) break;
      if (entry.mtime >= recent) continue;
      // A reader may have touched it since the listing (pathOf's utimes): look again right before removing.
      const now = await fs.promises.stat(entry.file).catch(() => undefined);
      if (!now) {
        total -= entry.size;
        continue;
      }
      if (now.mtimeMs >= Date.now() - IN_USE_MS) continue;
      await fs.promises.rm(entry.file, { force: true });
      total -= entry.size;
    }
  }
}
