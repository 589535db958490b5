/**
 * Which network addresses notifications may reach (pure). Webhooks, chat
 * robots and SMTP servers are configured by admins, but the dispatcher runs
 * inside the company network: a target of 127.0.0.1, 10.0.0.5 or
 * 169.254.169.254 (cloud metadata) would let a channel config read or poke
 * internal services (SSRF). So every address outside the public unicast space
 * is refused — loopback, private (RFC 1918, fc00::/7), link-local
 * (169.254/16, fe80::/10), unspecified, CGNAT (100.64/10), multicast,
 * broadcast, reserved and other special-purpose ranges, and IPv6 forms that
 * embed an IPv4 address (IPv4-mapped `::ffff:a.b.c.d` is judged as that IPv4
 * address; IPv4-compatible `::a.b.c.d`, NAT64, 6to4 and Teredo are refused) —
 * unless the operator lists the host in `NOTIFY_ALLOWED_HOSTS` (an intranet
 * ERP is a real case).
 *
 * The ranges come from ipaddr.js, not from hand-written parsing.
 */
import ipaddr from 'ipaddr.js';

/** `NOTIFY_ALLOWED_HOSTS` parsed: host names (lower case) and address ranges. */
export interface AllowedHosts {
  names: ReadonlySet<string>;
  ranges: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
  /** The entries as given, for messages. */
  entries: readonly string[];
}

export const NO_ALLOWED_HOSTS: AllowedHosts = { names: new Set(), ranges: [], entries: [] };

/** Why an address is refused: a stable rule id and a sentence naming the range. */
export interface AddressRule {
  rule: string;
  description: string;
}

const RULES: Record<string, AddressRule> = {
  loopback: { rule: 'loopback', description: 'a loopback address (127.0.0.0/8, ::1)' },
  private: { rule: 'private', description: 'a private-network address (RFC 1918: 10/8, 172.16/12, 192.168/16)' },
  uniqueLocal: { rule: 'private', description: 'a private-network address (IPv6 unique local, fc00::/7)' },
  linkLocal: { rule: 'link-local', description: 'a link-local address (169.254.0.0/16, fe80::/10; includes cloud metadata at 169.254.169.254)' },
  unspecified: { rule: 'unspecified', description: 'an unspecified address (0.0.0.0/8, ::)' },
  carrierGradeNat: { rule: 'cgnat', description: 'a carrier-grade NAT address (100.64.0.0/10)' },
  multicast: { rule: 'multicast', description: 'a multicast address (224.0.0.0/4, ff00::/8)' },
  broadcast: { rule: 'broadcast', description: 'the broadcast address (255.255.255.255)' },
  reserved: { rule: 'reserved', description: 'a reserved or documentation address' },
  ipv4Compatible: { rule: 'ipv4-embedded', description: 'an IPv6 address that embeds an IPv4 address (::a.b.c.d)' },
  rfc6052: { rule: 'ipv4-embedded', description: 'a NAT64 address that embeds an IPv4 address (64:ff9b::/96)' },
  '6to4': { rule: 'ipv4-embedded', description: 'a 6to4 address that embeds an IPv4 address (2002::/16)' },
  teredo: { rule: 'ipv4-embedded', description: 'a Teredo address that embeds an IPv4 address (2001::/32)' },
  rfc6145: { rule: 'ipv4-embedded', description: 'an IPv4-translated address (::ffff:0:0:0/96)' },
};
const SPECIAL: AddressRule = { rule: 'special-purpose', description: 'a special-purpose address (not public unicast)' };
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/** `[::1]` → `::1`; other hosts as they are. */
export function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Whether `host` is an IP address literal (IPv4 dotted quad or IPv6, brackets allowed). */
export function isAddressLiteral(host: string): boolean {
  const bare = bareHost(host);
  return ipaddr.IPv6.isValid(bare) || ipaddr.IPv4.isValidFourPartDecimal(bare);
}

/** The rule that refuses `address` (an IP literal), or undefined for a public unicast address. */
export function refusedRange(address: string): AddressRule | undefined {
  const bare = bareHost(address);
  if (!ipaddr.isValid(bare)) return { rule: 'not-an-address', description: `"${bare}" is not an IP address` };
  const parsed = ipaddr.process(bare); // ::ffff:a.b.c.d → a.b.c.d
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).match(IPV4_COMPATIBLE) && !(parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    const range = parsed.range();
    if (range === 'unspecified' || range === 'loopback') return RULES[range];
    return RULES.ipv4Compatible;
  }
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  return RULES[range] ?? SPECIAL;
}

/**
 * Parses `NOTIFY_ALLOWED_HOSTS` entries: host names (`erp.corp.example`),
 * addresses (`10.1.2.3`, `::1`) or ranges in CIDR form (`10.20.0.0/16`).
 * Throws with the offending entry otherwise.
 */
export function parseAllowedHosts(entries: readonly string[]): AllowedHosts {
  const names = new Set<string>();
  const ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  const kept: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    kept.push(entry);
    const bare = bareHost(entry);
    if (/^[0-9a-f:.]+\/\d+$/.test(entry)) {
      if (!ipaddr.isValidCIDR(entry)) throw new Error(`NOTIFY_ALLOWED_HOSTS: "${raw.trim()}" is not a valid address range (expected e.g. 10.20.0.0/16 or fd00:1::/48)`);
      const [address, bits] = ipaddr.parseCIDR(entry);
      const mapped = address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96;
      ranges.push(mapped ? [(address as ipaddr.IPv6).toIPv4Address(), bits - 96] : [address, bits]);
    } else if (isAddressLiteral(bare)) {
      const address = ipaddr.process(bare);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (/^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/.test(entry)) {
      names.add(entry.replace(/\.$/, ''));
    } else {
      throw new Error(`NOTIFY_ALLOWED_HOSTS: "${raw.trim()}" is neither a host name, an IP address nor a CIDR range`);
    }
  }
  return { names, ranges, entries: kept };
}

/** `NOTIFY_ALLOWED_HOSTS` (comma-separated) from the environment; throws on a malformed entry. */
export function loadAllowedHosts(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.NOTIFY_ALLOWED_HOSTS ?? '';
  const entries = raw.split(',').map((e) => e.trim()).filter((e) => e !== '');
  parseAllowedHosts(entries);
  return entries;
}

/** Whether the host name (or address literal) itself is listed. */
export function hostListed(allowed: AllowedHosts, host: string): boolean {
  const bare = bareHost(host).toLowerCase().replace(/\.$/, '');
  if (allowed.names.has(bare)) return true;
  return isAddressLiteral(bare) && addressListed(allowed, bare);
}

/** Whether an address falls into a listed range. */
export function addressListed(allowed: AllowedHosts, address: string): boolean {
  const bare = bareHost(address);
  if (!ipaddr.isValid(bare)) return false;
  const parsed = ipaddr.process(bare);
  return allowed.ranges.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits));
}

/**
 * The rule that refuses connecting to `address` for `host` (the name in the
 * URL), or undefined when allowed: a listed host name or range, or a public
 * unicast address.
 */
export function addressRefusal(allowed: AllowedHosts, host: string, address: string): AddressRule | undefined {
  if (hostListed(allowed, host) || addressListed(allowed, address)) return undefined;
  return refusedRange(address);
}

/** The sentence shown for a refused address (delivery errors and 422 answers alike). */
export function refusalMessage(host: string, address: string, rule: AddressRule): string {
  const bare = bareHost(host);
  const where = bare === bareHost(address) ? bare : `${bare} (${bareHost(address)})`;
  return `${where} is ${rule.description}: notifications may not reach internal addresses (rule "${rule.rule}"). An operator can allow it by listing the host in NOTIFY_ALLOWED_HOSTS.`;
}
