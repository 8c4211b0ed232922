// blockHostnames / blacklistIPs matching (src/net/dial-guard.ts), as k6's dialer and trie do it.
import type { LookupAddress, LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DialGuard } from '../../../src/net/dial-guard.js';

const guard = new DialGuard(['10.0.0.0/8', '192.168.1.7/32', 'fd00::/8'], ['*.blocked.test', 'Exact.test']);

/** A lookup answering `answer` for every name. */
const fixed = (answer: LookupAddress[]): LookupFunction => (_hostname, options, callback) => {
  if (options.all === true) callback(null, answer);
  else callback(null, answer[0]?.address ?? '', answer[0]?.family ?? 4);
};

function lookupWith(lookup: LookupFunction, all: boolean): Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }> {
  return new Promise((resolve) => lookup('name.test', { all }, (error, address) => resolve({ error, address })));
}

describe('DialGuard', () => {
  it('blocks exact names (case-insensitively) and names under a *. pattern, not the bare domain', () => {
    expect(guard.checkHostname('exact.TEST')?.message).toBe('hostname (exact.TEST) is in a blocked pattern (Exact.test)');
    expect(guard.checkHostname('a.b.blocked.test')?.message).toBe('hostname (a.b.blocked.test) is in a blocked pattern (*.blocked.test)');
    expect(guard.checkHostname('blocked.test')).toBeUndefined();
    expect(guard.checkHostname('notexact.test')).toBeUndefined();
  });

  it('refuses addresses in IPv4 and IPv6 ranges and ignores names', () => {
    expect(guard.checkAddress('10.200.3.4')?.message).toBe('IP (10.200.3.4) is in a blacklisted range (10.0.0.0/8)');
    expect(guard.checkAddress('192.168.1.7')?.code).toBe('QK6_BLACKLISTED_IP');
    expect(guard.checkAddress('192.168.1.8')).toBeUndefined();
    expect(guard.checkAddress('fd12::1')?.message).toBe('IP (fd12::1) is in a blacklisted range (fd00::/8)');
    expect(guard.checkAddress('::1')).toBeUndefined();
    expect(guard.checkAddress('10.example.test')).toBeUndefined();
  });

  it('drops blacklisted addresses from a lookup and fails it when none is left', async () => {
    const mixed = guard.guardLookup(fixed([{ address: '10.0.0.1', family: 4 }, { address: '127.0.0.1', family: 4 }]));
    expect(await lookupWith(mixed, true)).toEqual({ error: null, address: [{ address: '127.0.0.1', family: 4 }] });
    const onlyBad = guard.guardLookup(fixed([{ address: '10.0.0.1', family: 4 }]));
    expect((await lookupWith(onlyBad, true)).error?.code).toBe('QK6_BLACKLISTED_IP');
    expect((await lookupWith(onlyBad, false)).error?.message).toBe('IP (10.0.0.1) is in a blacklisted range (10.0.0.0/8)');
    expect(await lookupWith(guard.guardLookup(fixed([{ address: '127.0.0.1', family: 4 }])), false)).toEqual({ error: null, address: '127.0.0.1' });
  });

  it('is empty without either option, and then leaves the lookup as it is', () => {
    const none = new DialGuard([], []);
    const lookup = fixed([]);
    expect(none.empty).toBe(true);
    expect(none.guardLookup(lookup)).toBe(lookup);
  });
});
