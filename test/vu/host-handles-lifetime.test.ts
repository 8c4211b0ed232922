// Host state owned by guest objects is freed once the script drops them (QuickJS runs no
// FinalizationRegistry callbacks; runtime/lib/host-handles.js sweeps WeakRefs when a new handle is
// made): cookie jars from `new http.CookieJar()` (k6's documentation makes one in every iteration)
// and k6/crypto hashers that moved to the host. HTML documents: test/modules/html.test.ts.
import { describe, expect, it } from 'vitest';
import { httpState } from '../../src/modules/http/vu-http-state.js';
import { assertOk, printed, runInVu } from '../fixtures/run-in-vu.js';

const JARS = `
import http from 'k6/http';
const kept = new http.CookieJar();
kept.set('http://a.test/', 'kept', 'yes');
const fromIteration = [];
export default function () {
  const jar = new http.CookieJar();
  jar.set('http://a.test/', 'n', String(__ITER));
  if (__ITER % 10 === 0) fromIteration.push(jar);
  console.log(JSON.stringify([jar.cookiesForURL('http://a.test/').n, kept.cookiesForURL('http://a.test/').kept, fromIteration[0].cookiesForURL('http://a.test/').n]));
}
`;

const HASHERS = `
import crypto from 'k6/crypto';
const big = 'x'.repeat(70 * 1024); // past the 64 KiB a hasher keeps in the guest
export default function () {
  const hasher = crypto.createHash('sha256');
  hasher.update(big);
  hasher.update('tail');
  console.log(hasher.digest('hex'));
}
`;

describe('host state of dropped guest objects', () => {
  it('frees cookie jars once dropped; jars still referenced keep their cookies', async () => {
    let jars = 0;
    const run = await runInVu({ 'script.js': JARS }, { iterations: 30, inspect: (vu) => (jars = httpState(vu.host).jarCount) });
    assertOk(run);
    // The VU jar, `kept`, the three jars stored from iterations 0, 10, 20, and the last one made
    // (dropped, but only freed when the next jar is created).
    expect(jars).toBe(6);
    expect(printed(run).at(-1)).toBe(JSON.stringify([['29'], ['yes'], ['0']]));
  });

  it('frees k6/crypto hashers that moved to the host once dropped', async () => {
    let hashers = 0;
    const run = await runInVu(
      { 'script.js': HASHERS },
      {
        iterations: 20,
        // crypto-module.ts keeps host hashers in the VU state under 'crypto': only the last one is left.
        inspect: (vu) => (hashers = (vu.host.state.get('crypto') as { hashers: Map<number, unknown> }).hashers.size),
      },
    );
    assertOk(run);
    expect(new Set(printed(run)).size).toBe(1);
    expect(hashers).toBe(1);
  });
});
