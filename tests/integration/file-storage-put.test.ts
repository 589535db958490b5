import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FileTooLargeError, LocalFileStorage } from '../../platform/storage/file-storage';

/** Real files on a real disk: what a refused upload leaves behind in the store's temp folder. */
describe('LocalFileStorage.put', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-store-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('leaves no temp file behind when the very first chunk is over the limit (refused before the temp file has opened)', async () => {
    const storage = new LocalFileStorage(root);
    // Many refusals in a row: each one races the temp file's asynchronous open.
    for (let i = 0; i < 200; i += 1) {
      await expect(storage.put(Readable.from([Buffer.alloc(2048)]), { maxBytes: 1024 })).rejects.toBeInstanceOf(FileTooLargeError);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('leaves no temp file behind when the source is destroyed mid-way', async () => {
    const storage = new LocalFileStorage(root);
    for (let i = 0; i < 100; i += 1) {
      const source = new Readable({ read() {} });
      const put = storage.put(source, { maxBytes: 1 << 20 });
      source.destroy(new Error('client went away'));
      await expect(put).rejects.toThrow('client went away');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('stores the bytes under their SHA-256 and empties the temp folder on success', async () => {
    const storage = new LocalFileStorage(root);
    const stored = await storage.put(Readable.from([Buffer.from('hello')]), { maxBytes: 1024 });
    expect(stored).toMatchObject({ sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', size: 5, created: true });
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });
});
