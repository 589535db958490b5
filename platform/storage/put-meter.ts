import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { FileTooLargeError } from './file-storage-errors';

/** Bytes kept for content sniffing (file-type needs 4100). */
export const HEAD_BYTES = 4100;

export interface PutMeter {
  /** Passes bytes through while hashing and counting; fails with {@link FileTooLargeError} past `maxBytes`. */
  stream: Transform;
  size(): number;
  head(): Buffer;
  /** The SHA-256 of everything that passed (call once, after the stream ended). */
  sha256(): string;
}

/** What every FileStorage.put measures on the way through: size limit, SHA-256 and the first bytes. */
export function createPutMeter(maxBytes: number): PutMeter {
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) {
        done(new FileTooLargeError(maxBytes));
        return;
      }
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, size: () => size, head: () => head, sha256: () => hash.digest('hex') };
}
