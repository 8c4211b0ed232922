/**
 * The name lookup the VU's connections use: the system resolver (`dns.lookup`, as Node's sockets
 * do), except for names under the `.invalid` top-level domain. RFC 6761 §6.4 reserves it: such
 * names never resolve, and resolver libraries should answer at once without asking a DNS server.
 * qk6 does exactly that, so a test that points at `something.invalid` fails fast with k6's 1101
 * ("no such host") and sends nothing over the network.
 */
import { lookup as systemLookup, type LookupAddress, type LookupOptions } from 'node:dns';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** True for `invalid` and any name under it (a trailing dot and letter case ignored). */
export function isReservedInvalidName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'invalid' || name.endsWith('.invalid');
}

/** A `net.connect` lookup: the system resolver, with `.invalid` answered locally (ENOTFOUND). */
export function vuLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  if (isReservedInvalidName(hostname)) {
    const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    error.code = 'ENOTFOUND';
    error.syscall = 'getaddrinfo';
    setImmediate(() => callback(error, ''));
    return;
  }
  systemLookup(hostname, options, callback);
}
