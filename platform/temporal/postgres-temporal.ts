/**
 * A Temporal server on PostgreSQL for the production topology: its schemas set
 * up with the server's own SQL tool, one config per service, and the frontend,
 * history, matching and internal worker services run as separate processes (or
 * all in one). The binaries come from platform/temporal/server-binary.ts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { freePort, freePortBetween } from '../net';
import { waitForTemporal } from './dev-server';
import type { TemporalServerTools } from './server-binary';

export const TEMPORAL_SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

export interface TemporalDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Databases for the server's state and for visibility (created when missing). */
  database: string;
  visibilityDatabase: string;
}

/** The PostgreSQL server of a postgres:// URL, with the two database names to use on it. */
export function temporalDatabaseOf(url: string, names: { database: string; visibilityDatabase: string }): TemporalDatabase {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    ...names,
  };
}

function sqlTool(tools: TemporalServerTools, db: TemporalDatabase, database: string, args: string[]): { ok: boolean; output: string } {
  const run = spawnSync(tools.sqlTool, ['--plugin', 'postgres12', '--ep', db.host, '-p', String(db.port), '-u', db.user, '--db', database, ...args], {
    // The password goes through the environment, never the command line (visible to every user in `ps`).
    env: { ...process.env, SQL_PASSWORD: db.password },
    encoding: 'utf8',
  });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}

/**
 * Creates the two databases when missing and brings both schemas to the
 * server's version (idempotent: a second run changes nothing).
 */
export function setupTemporalSchemas(tools: TemporalServerTools, db: TemporalDatabase, progress: (line: string) => void = () => undefined): void {
  for (const [database, folder] of [[db.database, 'temporal'], [db.visibilityDatabase, 'visibility']] as const) {
    const created = sqlTool(tools, db, database, ['create-database']);
    if (!created.ok && !/already exists/i.test(created.output)) throw new Error(`Temporal SQL tool: create-database ${database} failed: ${created.output.slice(-600)}`);
    const setup = sqlTool(tools, db, database, ['setup-schema', '-v', '0.0']);
    if (!setup.ok && !/already exists/i.test(setup.output)) throw new Error(`Temporal SQL tool: setup-schema on ${database} failed: ${setup.output.slice(-600)}`);
    const update = sqlTool(tools, db, database, ['update-schema', '-d', path.join(tools.schemaDir, folder, 'versioned')]);
    if (!update.ok) throw new Error(`Temporal SQL tool: update-schema on ${database} failed: ${update.output.slice(-600)}`);
    progress(`Temporal schema "${folder}" ready in database ${database}`);
  }
}

export interface TemporalPorts {
  grpc: Record<TemporalService, number>;
  membership: Record<TemporalService, number>;
  frontendHttp: number;
  /** Prometheus metrics of each service process. */
  metrics: Record<TemporalService, number>;
}

export async function freeTemporalPorts(): Promise<TemporalPorts> {
  const taken = new Set<number>();
  const per = async (pick: () => Promise<number>): Promise<Record<TemporalService, number>> => {
    const ports: Partial<Record<TemporalService, number>> = {};
    for (const s of TEMPORAL_SERVICES) {
      let port = await pick();
      while (taken.has(port)) port = await pick();
      taken.add(port);
      ports[s] = port;
    }
    return ports as Record<TemporalService, number>;
  };
  // Membership ports are stored in a smallint column: below 32768.
  return { grpc: await per(() => freePort()), membership: await per(() => freePortBetween(20_000, 32_000)), frontendHttp: await freePort(), metrics: await per(() => freePort()) };
}

/** The server config (JSON is YAML) of one process; `metricsPort` differs per process. */
export function temporalServerConfig(db: TemporalDatabase, ports: TemporalPorts, metricsPort: number, dynamicConfigFile: string): object {
  const store = (database: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName: database,
      connectAddr: `${db.host}:${db.port}`,
      connectProtocol: 'tcp',
      user: db.user,
      password: db.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = (s: TemporalService) => ({
    rpc: { grpcPort: ports.grpc[s], membershipPort: ports.membership[s], bindOnLocalHost: true, ...(s === 'frontend' ? { httpPort: ports.frontendHttp } : {}) },
  });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: 4,
      datastores: { default: store(db.database, 20), visibility: store(db.visibilityDatabase, 4) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${metricsPort}` } },
    },
    services: Object.fromEntries(TEMPORAL_SERVICES.map((s) => [s, service(s)])),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.grpc.frontend}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

export interface TemporalClusterOptions {
  tools: TemporalServerTools;
  db: TemporalDatabase;
  /** Config and log files go here (config files hold the database password: mode 0600). */
  dir: string;
  /** One process per service (default), or all four in one process. */
  separate?: boolean;
  namespace?: string;
  ports?: TemporalPorts;
  readyTimeoutMs?: number;
}

export interface TemporalCluster {
  address: string;
  ports: TemporalPorts;
  /** The processes by name: the four services, or `all`. */
  processes(): Map<string, ChildProcess>;
  /** SIGKILL one process (a crash). */
  kill(name: string): Promise<void>;
  /** Starts a process again after a kill. */
  restart(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** The namespace's retention: closed jobs' histories stay this long (the product keeps its own records). */
const RETENTION_SECONDS = 7 * 24 * 3600;

async function ensureNamespace(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const connection = await Connection.connect({ address });
  try {
    for (;;) {
      try {
        await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(RETENTION_SECONDS * 1000) });
      } catch (error) {
        const e = error as { code?: number; message?: string };
        if (e.code !== 6 /* ALREADY_EXISTS */) {
          if (Date.now() > deadline) throw new Error(`Could not register Temporal namespace "${namespace}": ${e.message}`);
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
      }
      // A new namespace reaches every frontend's cache within seconds: wait until it answers.
      try {
        await connection.workflowService.describeNamespace({ namespace });
        await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`Temporal namespace "${namespace}" not usable: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await connection.close();
  }
}

export interface TemporalProcessCommand {
  /** A service name, or `all` for the four in one process. */
  name: string;
  services: TemporalService[];
  command: string;
  args: string[];
  logFile: string;
}

export interface PreparedTemporalCluster {
  address: string;
  ports: TemporalPorts;
  /** One command per process, to run under a supervisor (npm run cluster) or directly (tests). */
  commands: TemporalProcessCommand[];
}

/** Sets up the schemas and writes each process's config; starts nothing. */
export async function prepareTemporalCluster(options: Omit<TemporalClusterOptions, 'readyTimeoutMs' | 'namespace'>): Promise<PreparedTemporalCluster> {
  const { tools, db, dir } = options;
  const ports = options.ports ?? (await freeTemporalPorts());
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  setupTemporalSchemas(tools, db);
  const dynamicConfigFile = path.join(dir, 'dynamicconfig.yaml');
  fs.writeFileSync(dynamicConfigFile, JSON.stringify({
    'frontend.enableUpdateWorkflowExecution': [{ value: true }],
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted': [{ value: true }],
    'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }],
  }, null, 2));
  const groups: Array<{ name: string; services: TemporalService[]; metrics: number }> = options.separate === false
    ? [{ name: 'all', services: [...TEMPORAL_SERVICES], metrics: ports.metrics.frontend }]
    : TEMPORAL_SERVICES.map((s) => ({ name: s, services: [s], metrics: ports.metrics[s] }));
  const commands = groups.map((group) => {
    const configDir = path.join(dir, `config-${group.name}`);
    fs.mkdirSync(configDir, { recursive: true, mode: 0o700 });
    // The config holds the database password: readable by this user only.
    fs.chmodSync(configDir, 0o700);
    // Written to a new 0600 file and renamed into place: the password is never in a file others can read, even for a moment.
    const target = path.join(configDir, 'production.yaml');
    const temp = `${target}.${process.pid}.tmp`;
    fs.rmSync(temp, { force: true });
    fs.writeFileSync(temp, JSON.stringify(temporalServerConfig(db, ports, group.metrics, dynamicConfigFile), null, 2), { mode: 0o600, flag: 'wx' });
    fs.renameSync(temp, target);
    return {
      name: group.name,
      services: group.services,
      command: tools.server,
      args: ['--root', dir, '--config', `config-${group.name}`, '--env', 'production', '--allow-no-auth', 'start', ...group.services.flatMap((s) => ['--service', s])],
      logFile: path.join(dir, `${group.name}.log`),
    };
  });
  return { address: `127.0.0.1:${ports.grpc.frontend}`, ports, commands };
}

/**
 * The process with the frontend, then the others. On an empty database every
 * service writes the cluster metadata record at start; two at once and the loser
 * exits with "failed to initialize current cluster metadata" (seen in CI). Once the
 * frontend serves, the record exists and the rest only read it.
 */
export function frontendFirst(commands: TemporalProcessCommand[]): { first: TemporalProcessCommand; rest: TemporalProcessCommand[] } {
  const first = commands.find((c) => c.services.includes('frontend'));
  if (!first) throw new Error('no Temporal process runs the frontend service');
  return { first, rest: commands.filter((c) => c !== first) };
}

/** Registers `namespace` when missing and waits until the frontend serves it. */
export async function ensureTemporalNamespace(address: string, namespace: string, timeoutMs: number): Promise<void> {
  await ensureNamespace(address, namespace, timeoutMs);
}

/** Starts the server on PostgreSQL (schemas set up first) and waits until the namespace serves. */
export async function startTemporalCluster(options: TemporalClusterOptions): Promise<TemporalCluster> {
  const namespace = options.namespace ?? 'default';
  const { address, ports, commands } = await prepareTemporalCluster(options);
  const children = new Map<string, ChildProcess>();
  const exits = new Map<string, string>();
  const spawnOne = (command: TemporalProcessCommand): void => {
    const log = fs.openSync(command.logFile, 'a', 0o600);
    const child = spawn(command.command, command.args, { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    exits.delete(command.name);
    child.once('exit', (code, signal) => exits.set(command.name, `code ${code ?? '-'} signal ${signal ?? '-'}`));
    children.set(command.name, child);
  };
  const waitExit = (child: ChildProcess): Promise<void> =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    await Promise.all([...children.values()].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await waitExit(child);
      clearTimeout(timer);
    }));
  };
  const timeout = options.readyTimeoutMs ?? 120_000;
  const { first, rest } = frontendFirst(commands);
  try {
    const tail = (c: TemporalProcessCommand) => fs.readFileSync(c.logFile, 'utf8').slice(-1500);
    const dead = () => {
      for (const [name, why] of exits) return `${name} exited (${why}): ${tail(commands.find((c) => c.name === name)!)}`;
      return undefined;
    };
    spawnOne(first);
    await waitForTemporal(address, timeout, dead);
    rest.forEach(spawnOne);
    await waitForTemporal(address, timeout, dead);
    await ensureNamespace(address, namespace, timeout);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    address,
    ports,
    processes: () => new Map(children),
    async kill(name) {
      const child = children.get(name);
      if (!child) throw new Error(`no Temporal process "${name}"`);
      child.kill('SIGKILL');
      await waitExit(child);
    },
    async restart(name) {
      const command = commands.find((c) => c.name === name);
      if (!command) throw new Error(`no Temporal process "${name}"`);
      const child = children.get(name);
      if (child && child.exitCode === null && child.signalCode === null) throw new Error(`Temporal process "${name}" is still running`);
      spawnOne(command);
      if (command.services.includes('frontend')) await waitForTemporal(address, timeout, () => exits.get(name));
    },
    stop,
  };
}
