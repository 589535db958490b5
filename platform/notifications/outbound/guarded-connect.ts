/**
 * Connections that notifications open, filtered on the address actually
 * connected to: the host name is resolved here (every address it resolves
 * to must be allowed), and the socket connects to exactly the checked
 * address, so a name that resolves to a public address when the config is
 * saved and to 127.0.0.1 when the message is sent (DNS rebinding) is still
 * refused. Address literals skip DNS and are checked as they are.
 *
 * HTTP(S): keep-alive agents (one pool per allow-list) whose connections go
 * through the check. SMTP: `guardedSocket` for nodemailer's `getSocket`.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { addressRefusal, bareHost, isAddressLiteral, refusalMessage, type AddressRule, type AllowedHosts } from './address-rules';

/** A connection refused by the address rules (permanent: retrying cannot help). */
export class OutboundRefused extends Error {
  readonly code = 'ERR_NOTIFY_ADDRESS_REFUSED';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly rule: AddressRule,
  ) {
    super(refusalMessage(host, address, rule));
    this.name = 'OutboundRefused';
  }
}

export function isOutboundRefused(error: unknown): error is OutboundRefused {
  return (error as { code?: string } | null)?.code === 'ERR_NOTIFY_ADDRESS_REFUSED';
}

/** A `lookup` for net/tls/http: resolves every address of the host and refuses the host if any of them is refused. */
export function guardedLookup(allowed: AllowedHosts): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, options.all ? [] : '');
      for (const a of addresses) {
        const rule = addressRefusal(allowed, hostname, a.address);
        if (rule) return callback(new OutboundRefused(hostname, a.address, rule), options.all ? [] : '');
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), options.all ? [] : '');
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** The refusal for an address literal host, or undefined (names are checked at lookup). */
function literalRefusal(allowed: AllowedHosts, host: string | null | undefined): OutboundRefused | undefined {
  if (!host || !isAddressLiteral(host)) return undefined;
  const rule = addressRefusal(allowed, host, host);
  return rule ? new OutboundRefused(bareHost(host), bareHost(host), rule) : undefined;
}

/** A socket that fails with `error` as soon as listeners are attached. */
function failedSocket(error: Error): net.Socket {
  const socket = new net.Socket();
  process.nextTick(() => socket.destroy(error));
  return socket;
}

class GuardedHttpAgent extends http.Agent {
  constructor(private readonly allowed: AllowedHosts, options: http.AgentOptions) {
    super({ ...options, lookup: guardedLookup(allowed) } as http.AgentOptions);
  }
  override createConnection(options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex {
    const refused = literalRefusal(this.allowed, options.host ?? options.hostname);
    return refused ? failedSocket(refused) : super.createConnection(options, callback);
  }
}

class GuardedHttpsAgent extends https.Agent {
  constructor(private readonly allowed: AllowedHosts, options: https.AgentOptions) {
    super({ ...options, lookup: guardedLookup(allowed) } as https.AgentOptions);
  }
  override createConnection(options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex {
    const refused = literalRefusal(this.allowed, options.host ?? options.hostname);
    return refused ? failedSocket(refused) : super.createConnection(options, callback);
  }
}

export interface GuardedAgents {
  http: http.Agent;
  https: https.Agent;
}

const agentsByList = new WeakMap<AllowedHosts, GuardedAgents>();

/** Keep-alive agents whose every connection passes the address rules (one pair per allow-list). */
export function guardedAgents(allowed: AllowedHosts): GuardedAgents {
  let agents = agentsByList.get(allowed);
  if (!agents) {
    agents = {
      http: new GuardedHttpAgent(allowed, { keepAlive: true, maxSockets: 32 }),
      https: new GuardedHttpsAgent(allowed, { keepAlive: true, maxSockets: 32 }),
    };
    agentsByList.set(allowed, agents);
  }
  return agents;
}

/** A TCP connection to host:port through the address rules (for SMTP); rejects with OutboundRefused or the network error. */
export function guardedSocket(allowed: AllowedHosts, host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  const refused = literalRefusal(allowed, host);
  if (refused) return Promise.reject(refused);
  return new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect({ host: bareHost(host), port, lookup: guardedLookup(allowed) });
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error(`no connection within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', onError);
      resolve(socket);
    });
    const onError = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    socket.once('error', onError);
  });
}

/**
 * For saving a config: the first refused address `host` resolves to (or the
 * literal itself), or undefined. A name that does not resolve here is not
 * refused (it may resolve where the dispatcher runs); it is checked again
 * when connecting.
 */
export async function resolvedRefusal(allowed: AllowedHosts, host: string, timeoutMs = 3000): Promise<OutboundRefused | undefined> {
  const literal = literalRefusal(allowed, host);
  if (literal || isAddressLiteral(host)) return literal;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<dns.LookupAddress[]>((resolve) => {
    timer = setTimeout(() => resolve([]), timeoutMs);
  });
  try {
    const addresses = await Promise.race([dns.promises.lookup(host, { all: true }).catch(() => []), timeout]);
    for (const a of addresses) {
      const rule = addressRefusal(allowed, host, a.address);
      if (rule) return new OutboundRefused(host, a.address, rule);
    }
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
