import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createPutMeter } from './put-meter';

export { FileTooLargeError } from './file-storage-errors';

/** Content-addressed byte storage. The local folder is the default; an S3-compatible store implements the same. */
export interface FileStorage {
  /**
   * Streams `source` into storage under its SHA-256. Fails with
   * {@link FileTooLargeError} past `maxBytes`; on any failure nothing stays behind.
   * `head` receives the first bytes (for content sniffing) before the object is committed;
   * throwing from `inspect` aborts the write.
   */
  put(source: Readable, options: { maxBytes: number; inspect?: (head: Buffer, size: number) => void }): Promise<StoredObject>;
  /** A readable stream of the object's bytes. */
  open(key: string): Readable;
  /** A local path to the bytes (for decoders that want files); local storage returns the object itself. */
  localPath(key: string): Promise<string>;
  exists(key: string): Promise<boolean>;
  /** Removes an object (used to undo a `put` whose database rows were never written). */
  remove(key: string): Promise<void>;
  /** When the object was last written or re-used by a `put` (the garbage collector's grace age); undefined if absent. */
  touchedAt(key: string): Promise<Date | undefined>;
  /** Every stored object's key (the garbage collector compares them with the database). */
  keys(): AsyncIterable<string>;
  /** Removes unfinished writes (temp files of a crashed process) older than `before`; returns how many. */
  removeStaleTemp(before: Date): Promise<number>;
}

export interface StoredObject {
  key: string;
  sha256: string;
  size: number;
  head: Buffer;
  /** False when identical bytes were stored before (de-duplicated). */
  created: boolean;
}

/** Stores objects as `<root>/<aa>/<sha256>`; writes go to a temp file renamed into place. */
export class LocalFileStorage implements FileStorage {
  constructor(private readonly root: string) {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  }

  private pathOf(key: string): string {
    if (!/^[a-f0-9]{64}$/.test(key)) throw new Error(`not a storage key: ${key.slice(0, 80)}`);
    return path.join(this.root, key.slice(0, 2), key);
  }

  async put(source: Readable, options: { maxBytes: number; inspect?: (head: Buffer, size: number) => void }): Promise<StoredObject> {
    const tmp = path.join(this.root, 'tmp', `${Date.now()}-${randomBytes(6).toString('hex')}`);
    const meter = createPutMeter(options.maxBytes);
    const sink = fs.createWriteStream(tmp, { flags: 'wx' });
    try {
      await pipeline(source, meter.stream, sink);
      const size = meter.size();
      const head = meter.head();
      options.inspect?.(head, size);
      const sha256 = meter.sha256();
      const target = this.pathOf(sha256);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const existed = await this.exists(sha256);
      if (existed) {
        await fs.promises.rm(tmp, { force: true });
        // Re-used bytes count as fresh for the garbage collector's grace age (file-gc.ts).
        const now = new Date();
        await fs.promises.utimes(target, now, now).catch(() => undefined);
      } else await fs.promises.rename(tmp, target);
      return { key: sha256, sha256, size, head, created: !existed };
    } catch (error) {
      source.resume(); // drain what is left so the request can finish
      // pipeline() can reject before the sink has even opened its file; removing the temp
      // file before the sink closes would leave the file it creates afterwards behind.
      if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      await fs.promises.rm(tmp, { force: true });
      throw error;
    }
  }

  open(key: string): Readable {
    return fs.createReadStream(this.pathOf(key));
  }

  async localPath(key: string): Promise<string> {
    return this.pathOf(key);
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  async touchedAt(key: string): Promise<Date | undefined> {
    try {
      return (await fs.promises.stat(this.pathOf(key))).mtime;
    } catch {
      return undefined;
    }
  }

  async *keys(): AsyncIterable<string> {
    for (const dir of await fs.promises.readdir(this.root, { withFileTypes: true })) {
      if (!dir.isDirectory() || !/^[a-f0-9]{2}$/.test(dir.name)) continue;
      for (const name of await fs.promises.readdir(path.join(this.root, dir.name))) {
        if (/^[a-f0-9]{64}$/.test(name) && name.startsWith(dir.name)) yield name;
      }
    }
  }

  async removeStaleTemp(before: Date): Promise<number> {
    const dir = path.join(this.root, 'tmp');
    let removed = 0;
    for (const name of await fs.promises.readdir(dir)) {
      const full = path.join(dir, name);
      const stat = await fs.promises.stat(full).catch(() => undefined);
      if (stat && stat.mtime < before) {
        await fs.promises.rm(full, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await fs.promises.access(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }
}
