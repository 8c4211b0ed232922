/**
 * k6's `blockHostnames` and `blacklistIPs` options (lib/netext/dialer.go): a connection to a
 * blocked host name fails before any lookup, and one to an address in a blacklisted range fails
 * before dialling — whether the address came from a lookup, a `hosts` override or the URL itself.
 *
 * Host name patterns match as k6's trie does (name-patterns.ts): an exact name, or
 * `*.example.com` for any name ending in `.example.com`.
 */
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { NamePatterns } from './name-patterns.js';

/** The error a refused dial fails with; error-codes.ts turns it into k6's 1110 / 1111. */
export class DialRefusedError extends Error {
  constructor(
    readonly code: 'QK6_BLACKLISTED_IP' | 'QK6_BLOCKED_HOSTNAME',
    message: string,
  ) {
    super(message);
    this.name = 'DialRefusedError';
  }
}

interface Range {
  readonly cidr: string;
  readonly list: BlockList;
}

export class DialGuard {
  /** Each blocked pattern, by itself (for the error message). */
  private readonly names: NamePatterns<string>;
  private readonly ranges: Range[];

  /** Both lists as the config resolved them (already validated). */
  constructor(blacklistIPs: readonly string[], blockHostnames: readonly string[]) {
    this.names = new NamePatterns(blockHostnames.map((pattern) => [pattern, pattern] as const));
    this.ranges = blacklistIPs.map((cidr) => {
      const [address = '', prefix = ''] = cidr.split('/');
      const list = new BlockList();
      list.addSubnet(address, Number(prefix), isIP(address) === 6 ? 'ipv6' : 'ipv4');
      return { cidr, list };
    });
  }

  /** Nothing to check: the VU dials as if there were no guard. */
  get empty(): boolean {
    return this.names.size === 0 && this.ranges.length === 0;
  }

  /**
   * Why a dial to `hostname` (going to `address`, when already known: an IP in the URL or a
   * `hosts` target) is refused, or undefined. k6's order: the name first, then the address.
   */
  checkDial(hostname: string, address: string | undefined): DialRefusedError | undefined {
    if (this.empty) return undefined;
    return this.checkHostname(hostname) ?? this.checkAddress(address ?? hostname);
  }

  /** The error for a blocked host name, or undefined. */
  checkHostname(hostname: string): DialRefusedError | undefined {
    const pattern = this.names.lookup(hostname);
    if (pattern === undefined) return undefined;
    return new DialRefusedError('QK6_BLOCKED_HOSTNAME', `hostname (${hostname}) is in a blocked pattern (${pattern})`);
  }

  /** The error for an address in a blacklisted range, or undefined (also for anything not an IP). */
  checkAddress(address: string): DialRefusedError | undefined {
    const family = isIP(address);
    if (family === 0) return undefined;
    const range = this.ranges.find(({ list }) => list.check(address, family === 6 ? 'ipv6' : 'ipv4'));
    if (range === undefined) return undefined;
    return new DialRefusedError('QK6_BLACKLISTED_IP', `IP (${address}) is in a blacklisted range (${range.cidr})`);
  }

  /**
   * `lookup` without the blacklisted addresses it finds; when every address is blacklisted the
   * lookup fails with the first one's error, so no connection is ever attempted to them.
   */
  guardLookup(lookup: LookupFunction): LookupFunction {
    if (this.ranges.length === 0) return lookup;
    return (hostname, options, callback) => {
      lookup(hostname, options, (error, address, family) => {
        if (error !== null) {
          callback(error, address, family);
          return;
        }
        if (typeof address === 'string') {
          const refused = this.checkAddress(address);
          if (refused === undefined) callback(null, address, family);
          else callback(refused, '', 0);
          return;
        }
        const allowed = address.filter((entry) => this.checkAddress(entry.address) === undefined);
        const first = address[0];
        if (allowed.length > 0 || first === undefined) callback(null, allowed, family);
        else callback(this.checkAddress(first.address) ?? null, [], 0);
      });
    };
  }
}
