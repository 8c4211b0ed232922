/**
 * k6's `hosts` option (lib/types/hosts.go, lib/netext/dialer.go `getConfiguredHost`): a connection
 * to an overridden name dials the given IP (and port, when given) instead of resolving the name.
 * The URL — Host header, TLS server name, certificate check — keeps the original name.
 *
 * Matching:
 * - `name:port` keys are tried first, then `name` keys;
 * - each as k6's trie matches names (name-patterns.ts): an exact key, else the wildcard key with
 *   the longest suffix;
 * - a value without a port keeps the connection's port.
 */
import { isIP } from 'node:net';
import { NamePatterns } from './name-patterns.js';

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
  private readonly entries: NamePatterns<Entry>;

  /** `hosts` as resolved by the config (keys and values already validated). */
  constructor(hosts: Readonly<Record<string, string>>) {
    this.entries = new NamePatterns(Object.entries(hosts).map(([key, value]) => [key, parseAddress(value)] as const));
  }

  /** Where a connection to `hostname:port` goes, or undefined when no key matches. */
  match(hostname: string, port: number): DialTarget | undefined {
    if (this.entries.size === 0) return undefined; // most runs set no hosts: no key strings per connection
    const withPort = `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
    const entry = this.entries.lookup(withPort) ?? this.entries.lookup(hostname);
    if (entry === undefined) return undefined;
    // k6 would dial port 0 for a `name:port` key whose value has no port; the connection's port is meant.
    return { address: entry.address, port: entry.port === 0 ? port : entry.port };
  }
}

/** `ip`, `ip:port` or `[v6]:port` (validated by the config's `checkHostAddress`). */
function parseAddress(value: string): Entry {
  if (isIP(value) !== 0) return { address: value, port: 0 };
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(value);
  return { address: match?.[1] ?? match?.[2] ?? value, port: Number(match?.[3] ?? 0) };
}
