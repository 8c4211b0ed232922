// Init-only APIs called from an iteration fail like in k6 (the script sees k6's message; the VU
// goes on), and the iteration-only ones fail in the init context.
import { describe, expect, it } from 'vitest';
import { assertOk, printed, runInVu } from '../fixtures/run-in-vu.js';

describe('init-only APIs', () => {
  it("throw k6's errors when called from an iteration", async () => {
    const run = await runInVu({
      'main.js': `import { Counter, Trend } from 'k6/metrics';
        import { SharedArray } from 'k6/data';
        export default function () {
          const attempts = {
            open: () => open('./main.js'),
            counter: () => new Counter('late_counter'),
            trend: () => new Trend('late_trend', true),
            sharedArray: () => new SharedArray('late', () => [1]),
          };
          for (const [name, attempt] of Object.entries(attempts)) {
            try { attempt(); console.log(name + ': no error'); } catch (e) { console.log(name + ': ' + e.message); }
          }
        }`,
    });
    assertOk(run);
    expect(printed(run)).toEqual([
      'open: The "open()" function is only available in the init stage (i.e. the global scope), see https://grafana.com/docs/k6/latest/using-k6/test-lifecycle for more information',
      'counter: metrics must be declared in the init context',
      'trend: metrics must be declared in the init context',
      'sharedArray: new SharedArray must be called in the init context',
    ]);
  });

  it('refuses iteration-only APIs in the init context', async () => {
    const run = await runInVu({
      'main.js': `import http from 'k6/http';
        import ws from 'k6/ws';
        for (const [name, attempt] of Object.entries({ http: () => http.get('http://127.0.0.1:1/'), ws: () => ws.connect('ws://127.0.0.1:1/', () => {}) })) {
          try { attempt(); } catch (e) { console.log(name + ': ' + e.message); }
        }
        export default function () {}`,
    });
    assertOk(run);
    expect(printed(run)).toEqual(['http: Making http requests in the init context is not supported', 'ws: using websockets in the init context is not supported']);
  });
});
