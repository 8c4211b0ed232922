import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { QuickJSContext } from 'quickjs-emscripten';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolidateOptions } from '../../src/config/consolidate.js';
import { initializeVus, type VuEnvironment } from '../../src/execution/vu-runner.js';
import { TestMetrics } from '../../src/execution/test-metrics.js';
import { HOST_MODULES } from '../../src/modules/host-modules.js';
import { EngineTemplate } from '../../src/vu/engine-template.js';
import { VirtualUser, type VirtualUserConfig } from '../../src/vu/virtual-user.js';
import { SetUpMismatch, recordSetUp, replaySetUp, type SetUpRecording } from '../../src/vu/set-up-replay.js';
import { createVuEngine, disposeVuEngine, type VuEngine, type VuEngineOptions } from '../../src/vu/vu-engine.js';
import { VuHost } from '../../src/vu/vu-host.js';
import { testHttpOptions } from '../helpers/vu-options.js';

/** Imports every k6 module qk6 has, so that the template evaluates all of them. */
const EVERY_MODULE_SCRIPT = `
import http from 'k6/http';
import { check, group, sleep } from 'k6';
import { Counter } from 'k6/metrics';
import exec from 'k6/execution';
import { setTimeout as later } from 'k6/timers';
import encoding from 'k6/encoding';
import crypto from 'k6/crypto';
import { SharedArray } from 'k6/data';
import { parseHTML } from 'k6/html';
import ws from 'k6/ws';
import { WebSocket } from 'k6/websockets';
import { double } from './lib.js';

const drawn = [Math.random(), Math.random()];
const hits = new Counter('hits');
console.log(JSON.stringify({ vu: __VU, env: __ENV.NAME, drawn, b64: encoding.b64encode('qk6'), md5: crypto.md5('qk6', 'hex'),
  double: double(21), text: new TextDecoder().decode(new TextEncoder().encode('é')), title: parseHTML('<title>t</title>').find('title').text() }));
export default function () { hits.add(1); check(exec.vu.idInTest, { 'is the VU': (id) => id === __VU }); }
`;

interface InitReport {
  vu: number;
  env: string;
  drawn: [number, number];
  b64: string;
  md5: string;
  double: number;
  text: string;
  title: string;
}

function scriptPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qk6-template-'));
  writeFileSync(join(dir, 'main.js'), EVERY_MODULE_SCRIPT);
  writeFileSync(join(dir, 'lib.js'), 'export const double = (n) => n * 2;');
  return join(dir, 'main.js');
}

function config(path: string, id: number, logs: string[], template?: EngineTemplate): VirtualUserConfig {
  return {
    id,
    scriptPath: path,
    env: { NAME: `vu-${id}` },
    http: testHttpOptions(),
    sink: { define: () => undefined, add: () => undefined },
    runTags: {},
    log: (_level, message) => logs.push(message),
    modules: HOST_MODULES,
    ...(template === undefined ? {} : { template }),
  };
}

async function initReport(path: string, id: number, template?: EngineTemplate): Promise<{ report: InitReport; vu: VirtualUser }> {
  const logs: string[] = [];
  const { vu, init } = await VirtualUser.create(config(path, id, logs, template));
  expect(init.ok, init.ok ? '' : init.error.text).toBe(true);
  expect(logs).toHaveLength(1);
  return { report: JSON.parse(logs[0] ?? '') as InitReport, vu };
}

describe('EngineTemplate', () => {
  // QTS_Eval's compile-only path reads an uninitialised pointer (scripts/compile-module-export.js):
  // nothing may take it. Every evaluation through the library passes here.
  let compileOnlyEvals = 0;
  const evalCode = QuickJSContext.prototype.evalCode;
  beforeAll(() => {
    QuickJSContext.prototype.evalCode = function (this: QuickJSContext, ...args: Parameters<QuickJSContext['evalCode']>) {
      const options = args[2];
      if (typeof options === 'object' && options.compileOnly === true) compileOnlyEvals += 1;
      return evalCode.apply(this, args);
    };
  });
  afterAll(() => {
    QuickJSContext.prototype.evalCode = evalCode;
    expect(compileOnlyEvals).toBe(0);
  });

  it('captures every runtime module a script imports: none calls the host at its top level', async () => {
    const path = scriptPath();
    const { report: fresh, vu: first } = await initReport(path, 1);
    expect(first.fromTemplate).toBe(false);
    const template = await EngineTemplate.capture(config(path, 1, []), HOST_MODULES, first.runtimeModules, 4);
    first.dispose();
    expect(template).toBeDefined();
    expect(template?.runtimeModules).toEqual(expect.arrayContaining([...first.runtimeModules]));
    // The script's modules too, compiled once but not run: the first VU compiled them itself.
    expect(first.scriptModules).toEqual([pathToFileURL(path).href, pathToFileURL(join(dirname(path), 'lib.js')).href]);
    expect(template?.scriptModules).toEqual(first.scriptModules);

    const copies = await Promise.all([2, 3, 4].map((id) => initReport(path, id, template)));
    for (const [index, { report, vu }] of copies.entries()) {
      // Its own identity and environment, the same module behaviour as a VU that compiled everything.
      expect(report).toMatchObject({ vu: index + 2, env: `vu-${index + 2}`, b64: fresh.b64, md5: fresh.md5, double: 42, text: 'é', title: 't' });
      // Nothing was loaded again: the script's imports found the template's modules evaluated.
      expect(vu.fromTemplate).toBe(true);
      expect(vu.runtimeModules).toEqual(template?.runtimeModules);
      expect(vu.scriptModules).toEqual([]);
      expect((await vu.activate('default', undefined, {})).ok).toBe(true);
      expect((await vu.iterate()).ok).toBe(true);
      vu.dispose();
    }
    // Math.random is reseeded in every copy: no two VUs draw the same numbers.
    const drawn = [fresh, ...copies.map((copy) => copy.report)].flatMap((report) => report.drawn);
    expect(new Set(drawn).size).toBe(drawn.length);
  });

  it('holds only the runtime modules an http.get and check script uses: form bodies and cookie jars load theirs on first use', async () => {
    // Every module a VU holds is in each copy of the template: ~5 KB of every VU's memory for these two.
    const path = join(mkdtempSync(join(tmpdir(), 'qk6-template-')), 'main.js');
    writeFileSync(path, "import http from 'k6/http';\nimport { check } from 'k6';\nexport default function () { check(http.get, { fn: (f) => typeof f === 'function' }); }\n");
    const { vu, init } = await VirtualUser.create(config(path, 1, []));
    expect(init.ok, init.ok ? '' : init.error.text).toBe(true);
    expect(vu.runtimeModules.map((name) => name.replace('qk6-runtime:///', ''))).toEqual(['internal.js', 'lib/timers.js', 'lib/lazy-globals.js', 'modules/k6-http.js', 'modules/k6.js']);
    vu.dispose();
  });

  it('compiles a script bigger than a VU\'s starting memory once; each copy starts that big and runs the script\'s top level itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qk6-template-'));
    // ~400 KB of functions: compiled, they take more memory than an engine starts with.
    const functions = Array.from({ length: 2000 }, (_, i) => `export function f${i}(a) { const o = { a, list: [1, 2, 3].map((v) => v * a) }; return o.list[2] + ${i}; }`);
    writeFileSync(join(dir, 'big.js'), `${functions.join('\n')}\nlet calls = 0;\nexport const bump = () => ++calls;\n`);
    writeFileSync(join(dir, 'main.js'), [
      `import { f1999, bump } from './big.js';`,
      `const atInit = __VU;`,
      `console.log(JSON.stringify({ vu: __VU, f: f1999(2) }));`,
      `export default function () { if (bump() !== 1 || atInit !== __VU) throw new Error('state shared between VUs'); }`,
    ].join('\n'));
    const path = join(dir, 'main.js');
    const logs: string[] = [];
    const { vu: first, init } = await VirtualUser.create(config(path, 1, logs));
    expect(init.ok).toBe(true);
    const template = await EngineTemplate.capture(config(path, 1, []), HOST_MODULES, first.runtimeModules, 4);
    expect(template?.scriptModules).toHaveLength(2);
    for (const id of [2, 3]) {
      const copyLogs: string[] = [];
      const { vu, init: copied } = await VirtualUser.create(config(path, id, copyLogs, template));
      expect(copied.ok, copied.ok ? '' : copied.error.text).toBe(true);
      // A copy made at the engine's usual starting size would not match the template: it would
      // compile everything itself.
      expect(vu.fromTemplate).toBe(true);
      expect(vu.scriptModules).toEqual([]);
      expect(copyLogs).toEqual([JSON.stringify({ vu: id, f: 1999 + 6 })]);
      expect((await vu.activate('default', undefined, {})).ok).toBe(true);
      const iteration = await vu.iterate();
      expect(iteration.ok, iteration.ok ? '' : iteration.error.text).toBe(true);
      vu.dispose();
    }
    first.dispose();
  });

  it('replays its set-up only while the calls are the recorded ones, and puts the instance back as it found it', async () => {
    const path = scriptPath();
    const options = (id: number): VuEngineOptions => ({
      memoryLimitBytes: 64 * 1024 * 1024,
      host: new VuHost(config(path, id, []), () => undefined),
      modules: HOST_MODULES,
      shouldInterrupt: () => false,
    });
    let recording: SetUpRecording = [];
    const recorded = await createVuEngine(options(1), (module, setUp) => {
      const result = recordSetUp(module, setUp);
      recording = result.recording;
      return result.value;
    });
    expect(recording.map((call) => call.name)).toEqual(expect.arrayContaining(['QTS_NewRuntime', 'QTS_NewContext', 'QTS_NewFunction']));

    // The same set-up: the same pointers, and not one call into the new instance.
    let callsIntoInstance = 0;
    const replayed = await createVuEngine(options(2), (module, setUp) => {
      const ffi = (module as unknown as { ffi: Record<string, (...args: unknown[]) => unknown> }).ffi;
      for (const name of Object.keys(ffi).filter((key) => key.startsWith('QTS_'))) {
        const original = ffi[name] as (...args: unknown[]) => unknown;
        ffi[name] = (...args: unknown[]) => {
          callsIntoInstance += 1;
          return original(...args);
        };
      }
      return replaySetUp(module, recording, setUp);
    });
    expect(callsIntoInstance).toBe(0);
    const pointers = (engine: VuEngine): number[] => {
      const internals = engine as unknown as { runtime: { rt: { value: number } }; context: { ctx: { value: number } } };
      return [internals.runtime.rt.value, internals.context.ctx.value];
    };
    expect(pointers(replayed)).toEqual(pointers(recorded));
    disposeVuEngine(replayed, true);

    // A set-up that makes one more call than the recording stops at it.
    await expect(createVuEngine(options(3), (module, setUp) => replaySetUp(module, recording, () => {
      const engine = setUp();
      engine.context.newFunction('extra', () => undefined).dispose();
      return engine;
    }))).rejects.toBeInstanceOf(SetUpMismatch);
    // And one that makes other calls (a shorter recording) stops at the first that differs.
    await expect(createVuEngine(options(4), (module, setUp) => replaySetUp(module, recording.slice(1), setUp))).rejects.toBeInstanceOf(SetUpMismatch);
    disposeVuEngine(recorded, false);
  });
});

describe('initializeVus', () => {
  function environment(path: string, runtimeModules?: readonly string[]): VuEnvironment {
    return {
      scriptPath: path,
      options: consolidateOptions({}).options,
      env: { NAME: 'vu' },
      metrics: new TestMetrics(),
      modules: HOST_MODULES,
      log: () => undefined,
      ...(runtimeModules === undefined ? {} : { runtimeModules }),
    };
  }

  it('starts every VU from a template of the runtime modules the environment names (the main thread\'s options VU), the first one too', async () => {
    const path = scriptPath();
    const { vu: optionsVu } = await initReport(path, 0);
    const runtimeModules = [...optionsVu.runtimeModules];
    optionsVu.dispose();
    const env = environment(path, runtimeModules);
    const vus = await initializeVus(env, 1, 3);
    expect(env.engineTemplate?.runtimeModules).toEqual(runtimeModules);
    expect(vus.map((vu) => vu.fromTemplate)).toEqual([true, true, true]);
    for (const vu of vus) {
      expect((await vu.activate('default', undefined, {})).ok).toBe(true);
      expect((await vu.iterate()).ok).toBe(true);
      vu.dispose();
    }
  });

  it('without them, makes the first VU alone and captures the template from the modules it loaded', async () => {
    const env = environment(scriptPath());
    const vus = await initializeVus(env, 1, 3);
    expect(vus.map((vu) => vu.fromTemplate)).toEqual([false, true, true]);
    expect(env.engineTemplate?.runtimeModules).toEqual(vus[0]?.runtimeModules);
    for (const vu of vus) vu.dispose();
  });
});
