/**
 * k6's `hosts` option (lib/types/hosts.go, lib/netext/dialer.go `getConfiguredHost`): a connection
 * to an overridden name dials the given IP (and port, when given) instead of resolving the name.
 * The URL — Host header, TLS server name, certificate check — keeps the original name.
 *
 * Matching, as k6's trie does it (lib/types/trie.go), case-insensitively:
 * - `name:port` keys are tried first, then `name` keys;
 * - an exact key wins; otherwise the wildcard key with the longest suffix: `*.example.com` matches
 *   any name ending in `.example.com` (not `example.com` itself), `*example.com` also matches
 *   `example.com` and `myexample.com`;
 * - a value without a port keeps the connection's port.
 */
import { isIP } from 'node:net';

export interface DialTarget {
  /** The IP to dial (IPv6 without brackets). */
  readonly address: string;
  readonly port: number;
}

interface Entry {
  readonly address: string;
  /** 0 = keep the connection's port. */
  readonly port: number;
}

export class HostOverrides {
  private readonly exact = new Map<string, Entry>();
  /** Wildcard keys as [suffix after `*`, entry], longest suffix first. */
  private readonly wildcards: [string, Entry][] = [];

  /** `hosts` as resolved by the config (keys and values already validated). */
  constructor(hosts: Readonly<Record<string, string>>) {
    for (const [key, value] of Object.entries(hosts)) {
      const entry = parseAddress(value);
      const pattern = key.toLowerCase();
      if (pattern.startsWith('*')) this.wildcards.push([pattern.slice(1), entry]);
      else this.exact.set(pattern, entry);
    }
    this.wildcards.sort((a, b) => b[0].length - a[0].length);
  }

  get size(): number {
    return this.exact.size + this.wildcards.length;
  }

  /** Where a connection to `hostname:port` goes, or undefined when no key matches. */
  match(hostname: string, port: number): DialTarget | undefined {
    const name = hostname.toLowerCase();
    const entry = this.lookup(`${name.includes(':') ? `[${name}]` : name}:${port}`) ?? this.lookup(name);
    if (entry === undefined) return undefined;
    // k6 would dial port 0 for a `name:port` key whose value has no port; the connection's port is meant.
    return { address: entry.address, port: entry.port === 0 ? port : entry.port };
  }

  private lookup(key: string): Entry | undefined {
    const exact = this.exact.get(key);
    if (exact !== undefined) return exact;
    return this.wildcards.find(([suffix]) => key.endsWith(suffix))?.[1];
  }
}

/** `ip`, `ip:port` or `[v6]:port` (validated by the config's `checkHostAddress`). */
function parseAddress(value: string): Entry {
  if (isIP(value) !== 0) return { address: value, port: 0 };
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(value);
  return { address: match?.[1] ?? match?.[2] ?? value, port: Number(match?.[3] ?? 0) };
}
