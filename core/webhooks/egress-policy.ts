import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may go. Refused by default: loopback, link-local (the cloud metadata services live there),
 * private, shared (carrier NAT), unique-local, multicast, unspecified, reserved and documentation ranges, names
 * that mean this machine or a cloud's metadata service, schemes other than http(s), and credentials in the URL.
 * `WEBHOOK_ALLOWED_TARGETS` opens hosts (by name) or ranges (CIDR) that would otherwise be refused.
 */
type Range = [address: string, prefix: number, family: 'ipv4' | 'ipv6'];

const REFUSED_RANGES: Record<string, Range[]> = {
  loopback: [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']],
  unspecified: [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']],
  'link-local (cloud metadata)': [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']],
  private: [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4']],
  'shared (carrier NAT)': [['100.64.0.0', 10, 'ipv4']],
  'unique-local': [['fc00::', 7, 'ipv6']],
  multicast: [['224.0.0.0', 4, 'ipv4'], ['ff00::', 8, 'ipv6']],
  reserved: [['240.0.0.0', 4, 'ipv4'], ['192.0.0.0', 24, 'ipv4'], ['198.18.0.0', 15, 'ipv4'], ['100::', 64, 'ipv6']],
  documentation: [['192.0.2.0', 24, 'ipv4'], ['198.51.100.0', 24, 'ipv4'], ['203.0.113.0', 24, 'ipv4'], ['2001:db8::', 32, 'ipv6']],
};

const RULES = Object.entries(REFUSED_RANGES).map(([rule, ranges]) => {
  const list = new BlockList();
  for (const [address, prefix, family] of ranges) list.addSubnet(address, prefix, family);
  return { rule, list };
});

/** Names that resolve to this machine or to a cloud's metadata service whatever DNS says. */
const INTERNAL_NAMES = /^(localhost|.*\.localhost|localhost\.localdomain|metadata|metadata\.google\.internal|instance-data(\..*)?)$/;

/** The parsed `WEBHOOK_ALLOWED_TARGETS`: host names, and address ranges. */
export interface EgressAllowList {
  hosts: Set<string>;
  ranges: BlockList;
}

/**
 * Parses `WEBHOOK_ALLOWED_TARGETS`: comma-separated host names (`hooks.example.internal`), addresses
 * (`127.0.0.1`, `::1`) or ranges (`10.1.0.0/16`). Throws naming the entry that is neither.
 */
export function parseEgressAllowList(spec: string): EgressAllowList {
  const allow: EgressAllowList = { hosts: new Set(), ranges: new BlockList() };
  for (const entry of spec.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    const [address, prefixText] = entry.split('/') as [string, string | undefined];
    const family = isIP(address);
    if (family === 0) {
      if (prefixText !== undefined || !/^[a-z0-9.-]+$/.test(entry)) throw new Error(`"${entry}" is neither a host name, an address nor a range`);
      allow.hosts.add(entry);
      continue;
    }
    const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`"${entry}" has an invalid prefix length`);
    allow.ranges.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return allow;
}

let lastParsed: { spec: string; allow: EgressAllowList } | undefined;

/** `WEBHOOK_ALLOWED_TARGETS` parsed, once per value (config is parsed at start, so this never throws after). */
export function allowListOf(spec: string): EgressAllowList {
  if (lastParsed?.spec !== spec) lastParsed = { spec, allow: parseEgressAllowList(spec) };
  return lastParsed.allow;
}

/** The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or NAT64 (`64:ff9b::a.b.c.d`) IPv6 address. */
function embeddedIpv4(address: string): string | undefined {
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return undefined;
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** The rule refusing a resolved address, or undefined when webhooks may go there. */
export function refusalOfAddress(address: string, allow: EgressAllowList): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (allow.ranges.check(address, type)) return undefined;
  const inner = family === 6 ? embeddedIpv4(address) : undefined;
  if (inner !== undefined) return refusalOfAddress(inner, allow);
  return RULES.find(({ list }) => list.check(address, type))?.rule;
}

/**
 * Why a webhook URL is refused before any lookup (scheme, credentials, internal names, address literals — the
 * WHATWG parser has already turned `0x7f000001` into `127.0.0.1`), or undefined. Delivery checks again on every
 * address the name resolves to.
 */
export function refusalOfUrl(url: URL, allow: EgressAllowList): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `scheme ${url.protocol.replace(':', '')} (only http and https)`;
  if (url.username || url.password) return 'credentials in the URL';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allow.hosts.has(host)) return undefined;
  if (isIP(host)) {
    const rule = refusalOfAddress(host, allow);
    return rule && `${rule} address ${host}`;
  }
  if (INTERNAL_NAMES.test(host.replace(/\.$/, ''))) return `internal host name ${host}`;
  return undefined;
}
