// VU-level faults, in process on purpose. (1) The engine itself fails — a host exception out of
// QuickJS instead of a script error: here V8's native stack runs out inside JSON.stringify of
// deeply nested data, which QuickJS's own stack limit does not see (it needs a thread with V8's
// small default stack: this one). The failing call becomes the script's error, the VU replaces its
// engine (init runs again, the activation and __ITER are replayed) and goes on, whether its engine
// compiled the runtime modules itself or is a copy of an engine template. (2) A VU spinning
// in a busy loop cannot receive a message on its own thread, so a stop comes through a flag in
// shared memory that another thread raises.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { EngineTemplate } from '../../src/vu/engine-template.js';
import { VirtualUser, type VirtualUserConfig } from '../../src/vu/virtual-user.js';

function script(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'qk6-engine-fault-'));
  writeFileSync(join(dir, 'script.js'), source);
  return join(dir, 'script.js');
}

function config(scriptPath: string, logs: string[]): VirtualUserConfig {
  return {
    id: 7,
    scriptPath,
    env: {},
    http: {
      maxRedirects: 10, userAgent: 'qk6-test', throw: false, discardResponseBodies: false, insecureSkipTLSVerify: false,
      batch: 20, batchPerHost: 6, httpDebug: '', noConnectionReuse: false, noVUConnectionReuse: false, noCookiesReset: false,
    },
    sink: { define: () => undefined, add: () => undefined },
    runTags: {},
    log: (_level, message) => logs.push(message),
    modules: [],
  };
}

const FAULTING_SCRIPT = `console.log('init of VU ' + __VU);
function nest(depth) { let value = {}; for (let i = 0; i < depth; i++) value = { inner: value }; return value; }
export default function (data) {
  if (__ITER === 1) JSON.stringify(nest(200000));
  console.log('iteration ' + __ITER + ' with ' + data.token);
}`;

describe('a VU whose engine fails', () => {
  for (const start of ['compiled', 'template'] as const) {
    it(`reports the failure as the iteration error, restarts its engine and continues with the next __ITER (${start})`, async () => {
      const path = script(FAULTING_SCRIPT);
      const logs: string[] = [];
      let template: EngineTemplate | undefined;
      if (start === 'template') {
        // The runtime modules a VU of this script loads, evaluated once; the VU and its replacement engine are copies.
        const first = await VirtualUser.create(config(path, []));
        template = await EngineTemplate.capture(config(path, []), [], first.vu.runtimeModules, 4);
        first.vu.dispose();
        expect(template).toBeDefined();
      }
      const { vu, init } = await VirtualUser.create({ ...config(path, logs), ...(template === undefined ? {} : { template }) });
      try {
        expect(vu.fromTemplate).toBe(start === 'template');
        expect(init.ok).toBe(true);
        expect((await vu.activate('default', JSON.stringify({ token: 't1' }), {})).ok).toBe(true);
        const outcomes = [];
        for (let i = 0; i < 4; i++) outcomes.push(await vu.iterate());
        expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, true]);
        const failed = outcomes[1];
        if (failed?.ok !== false) throw new Error('iteration 1 should have failed');
        expect(failed.error.interrupted).toBe(false);
        expect(failed.error.text).toMatch(/^InternalError: stack overflow: the script nests calls or data too deeply for the VU.*\nthe VU was restarted \(its init code ran again\)$/s);
        expect(logs).toEqual(['init of VU 7', 'iteration 0 with t1', 'init of VU 7', 'iteration 2 with t1', 'iteration 3 with t1']);
        expect(vu.fromTemplate).toBe(start === 'template');
      } finally {
        vu.dispose();
      }
    });
  }
});

describe('a VU in a busy loop', () => {
  it('is interrupted when another thread raises its shared stop flag', async () => {
    const logs: string[] = [];
    const stopFlag = new Int32Array(new SharedArrayBuffer(4));
    const { vu } = await VirtualUser.create({ ...config(script(`export default function () { while (true) {} }`), logs), stopFlag });
    try {
      expect((await vu.activate('default', undefined, {})).ok).toBe(true);
      // This thread is about to spin inside QuickJS: only another thread can raise the flag.
      const raiser = new Worker(
        `const { workerData } = require('node:worker_threads'); setTimeout(() => Atomics.store(workerData, 0, 1), 300);`,
        { eval: true, workerData: stopFlag },
      );
      const started = performance.now();
      const outcome = await vu.iterate();
      await raiser.terminate();
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.interrupted).toBe(true);
      expect(vu.interrupted).toBe(true);
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      vu.dispose();
    }
  });
});
