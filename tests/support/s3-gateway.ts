/**
 * A real S3 endpoint for tests: versitygw (built from its Go module, platform/storage/versitygw-binary.ts)
 * with its posix backend serving a temp folder, one bucket created through the S3 API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import { ensureVersitygw } from '../../platform/storage/versitygw-binary';
import { s3ClientFor, S3FileStorage, type S3StorageConfig } from '../../platform/storage/s3-file-storage';

export interface S3Gateway {
  endpoint: string;
  /** The root folder the gateway serves (`<root>/<bucket>/<key>`): tests read it to prove what is stored. */
  root: string;
  client: S3Client;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** A fresh bucket and an S3FileStorage on it. */
  storage(options?: Partial<Pick<S3StorageConfig, 'prefix' | 'partSize' | 'cache' | 'maxConcurrentUploads' | 'uploadIdleMs'>>): Promise<{ storage: S3FileStorage; bucket: string; cacheDir: string }>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(client: S3Client, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (child.exitCode !== null) throw new Error(`versitygw exited ${child.exitCode}: ${output()}`);
    try {
      await client.send(new ListBucketsCommand({}));
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`versitygw did not answer: ${output()}`);
}

export async function startS3Gateway(): Promise<S3Gateway> {
  const binary = await ensureVersitygw();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-s3-'));
  const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-s3-cache-'));
  const port = await freePort();
  const credentials = { accessKeyId: `test${randomBytes(4).toString('hex')}`, secretAccessKey: randomBytes(16).toString('hex') };
  const child = spawn(binary, ['--access', credentials.accessKeyId, '--secret', credentials.secretAccessKey, '--port', `127.0.0.1:${port}`, '--quiet', 'posix', root], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const endpoint = `http://127.0.0.1:${port}`;
  const location = { endpoint, region: 'us-east-1', forcePathStyle: true };
  const client = s3ClientFor(location, credentials);
  await waitUntilServing(client, child, () => output);
  let buckets = 0;
  return {
    endpoint,
    root,
    client,
    credentials,
    async storage(options = {}) {
      buckets += 1;
      const bucket = `sop-test-${buckets}-${randomBytes(3).toString('hex')}`;
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      const cacheDir = options.cache?.dir ?? path.join(cacheRoot, bucket);
      const storage = new S3FileStorage(client, {
        ...location,
        bucket,
        prefix: options.prefix ?? '',
        partSize: options.partSize,
        maxConcurrentUploads: options.maxConcurrentUploads,
        uploadIdleMs: options.uploadIdleMs,
        cache: { dir: cacheDir, maxBytes: options.cache?.maxBytes ?? 64 * 1024 * 1024 },
      });
      return { storage, bucket, cacheDir };
    },
    async stop() {
      client.destroy();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(cacheRoot, { recursive: true, force: true });
    },
  };
}
