// Host state owned by guest objects is freed once the script drops them (QuickJS runs no
// FinalizationRegistry callbacks; runtime/lib/host-handles.js sweeps WeakRefs when a new handle is
// made): cookie jars from `new http.CookieJar()` (k6's documentation makes one in every iteration)
// and k6/crypto hashers that moved to the host. HTML documents: test/modules/html.test.ts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { httpState } from '../../src/modules/http/vu-http-state.js';
import { VirtualUser } from '../../src/vu/virtual-user.js';
import { printed, vuConfig, writeScriptDir, type VuRun } from '../fixtures/run-in-vu.js';

const SCRIPT = `
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

describe('new http.CookieJar()', () => {
  it('is freed on the host once dropped; jars still referenced keep their cookies', async () => {
    const dir = writeScriptDir({ 'script.js': SCRIPT });
    const run: Pick<VuRun, 'logs' | 'samples'> = { logs: [], samples: [] };
    const { vu, init } = await VirtualUser.create(vuConfig(join(dir, 'script.js'), run));
    try {
      expect(init.ok).toBe(true);
      await vu.activate('default', undefined, { scenario: 'default' });
      for (let i = 0; i < 30; i++) {
        const outcome = await vu.iterate();
        expect(outcome.ok, outcome.ok ? '' : outcome.error.text).toBe(true);
        vu.afterIteration();
      }
      // The VU jar, `kept`, the three jars stored from iterations 0, 10, 20, and the last one made
      // (dropped, but only freed when the next jar is created).
      expect(httpState(vu.host).jarCount).toBe(6);
      expect(printed(run as VuRun).at(-1)).toBe(JSON.stringify([['29'], ['yes'], ['0']]));
    } finally {
      vu.dispose();
    }
  });

  it('frees k6/crypto hashers that moved to the host once dropped', async () => {
    const dir = writeScriptDir({
      'script.js': `import crypto from 'k6/crypto';
        const big = 'x'.repeat(70 * 1024); // past the 64 KiB a hasher keeps in the guest
        export default function () {
          const hasher = crypto.createHash('sha256');
          hasher.update(big);
          hasher.update('tail');
          console.log(hasher.digest('hex'));
        }`,
    });
    const run: Pick<VuRun, 'logs' | 'samples'> = { logs: [], samples: [] };
    const { vu, init } = await VirtualUser.create(vuConfig(join(dir, 'script.js'), run));
    try {
      expect(init.ok).toBe(true);
      await vu.activate('default', undefined, { scenario: 'default' });
      for (let i = 0; i < 20; i++) {
        const outcome = await vu.iterate();
        expect(outcome.ok, outcome.ok ? '' : outcome.error.text).toBe(true);
      }
      expect(new Set(printed(run as VuRun)).size).toBe(1);
      // crypto-module.ts keeps host hashers in the VU state under 'crypto': only the last one is left.
      const state = vu.host.state.get('crypto') as { hashers: Map<number, unknown> };
      expect(state.hashers.size).toBe(1);
    } finally {
      vu.dispose();
    }
  });
});
