/**
 * `npm run cluster` as the chaos run's child: its own process group and
 * CLUSTER_DIR, started as an operator starts it, with the addresses it prints
 * read back (API ports, worker probe ports) and what it keeps in CLUSTER_DIR
 * (the process record run/processes.json, the embedded PostgreSQL's and the S3
 * gateway's credentials) for the fault driver and verify.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { connectionUrl, layoutFor, type EmbeddedPostgresCredentials } from '../../platform/db/embedded-postgres';
import { ProcessRecord } from '../../platform/process/data-dir-lock';
import type { ProcessRef } from '../../platform/process/process-table';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ClusterAddresses {
  apiPorts: number[];
  workerPorts: number[];
  temporalAddress: string;
  s3Endpoint: string;
  databaseUrl: string;
  s3Credentials: { accessKeyId: string; secretAccessKey: string };
}

export class ClusterChild {
  private text = '';
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(
    readonly dir: string,
    port: number,
    readonly password: string,
    env: NodeJS.ProcessEnv = {},
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cluster.ts'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATA_DIR: dir,
        CLUSTER_DIR: dir,
        PORT: String(port),
        DEMO_PASSWORD: password,
        TEMPORAL_ADDRESS: '',
        DATABASE_URL: '',
        STORAGE: '',
        S3_BUCKET: '',
        ...env,
      },
    });
    this.child.stdout!.on('data', (d: Buffer) => (this.text += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.text += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  output(): string {
    return this.text;
  }

  /** Waits until the cluster printed "Ctrl-C stops everything." and answers where everything is. */
  async ready(timeoutMs: number): Promise<ClusterAddresses> {
    const deadline = Date.now() + timeoutMs;
    while (!this.text.includes('Ctrl-C stops everything.')) {
      if (this.child.exitCode !== null) throw new Error(`npm run cluster exited with code ${this.child.exitCode}:\n${this.text.slice(-4000)}`);
      if (Date.now() > deadline) throw new Error(`npm run cluster was not ready within ${timeoutMs / 1000} s:\n${this.text.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const ports = (label: string) => [...(new RegExp(`${label}: +(.*)`).exec(this.text)?.[1] ?? '').matchAll(/localhost:(\d+)/g)].map((m) => Number(m[1]));
    const credentials = JSON.parse(fs.readFileSync(layoutFor(this.dir).credentialsFile, 'utf8')) as EmbeddedPostgresCredentials;
    return {
      apiPorts: ports('app'),
      workerPorts: ports('workers'),
      temporalAddress: /temporal: +(\S+)/.exec(this.text)?.[1] ?? '',
      s3Endpoint: (/s3: +(http:\/\/[^/\s]+)/.exec(this.text)?.[1]) ?? '',
      databaseUrl: connectionUrl(credentials),
      s3Credentials: JSON.parse(fs.readFileSync(path.join(this.dir, 's3-credentials.json'), 'utf8')) as ClusterAddresses['s3Credentials'],
    };
  }

  /** The supervisor's record of what runs now: service name → process (group leader). */
  processes(): Record<string, ProcessRef> {
    return ProcessRecord.read(this.dir);
  }

  /** Ctrl-C as a terminal sends it; SIGKILL for the group if it has not stopped within `graceMs`. */
  async stop(graceMs = 120_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    try {
      process.kill(-this.child.pid!, 'SIGINT');
    } catch {
      return this.child.exitCode;
    }
    const timer = setTimeout(() => this.kill(), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  kill(): void {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
