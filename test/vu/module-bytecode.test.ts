// Modules compiled once and read into other engines (template-modules.ts, module-bytecode.ts),
// through the exports the derived binaries gain at build time (scripts/module-bytecode-exports.js);
// here with the asyncify engines in-process tests get. shared-instance.test.ts and
// test/cli/vu-init.test.ts cover stack-switched templates, whose engines read them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HOST_MODULES } from '../../src/modules/host-modules.js';
import { normalizeModuleName } from '../../src/vu/module-resolver.js';
import { learnStripFlag } from '../../src/vu/source-stripping.js';
import { TemplateModules, readModules } from '../../src/vu/template-modules.js';
import { createVuEngine, disposeVuEngine, type VuEngine, type VuEngineOptions } from '../../src/vu/vu-engine.js';
import { VuHost } from '../../src/vu/vu-host.js';
import { testHttpOptions } from '../helpers/vu-options.js';

const ENCODING = 'qk6-runtime:///modules/k6-encoding.js';

function options(): VuEngineOptions {
  const host = new VuHost(
    { id: 1, scriptPath: '/tmp/script.js', env: {}, http: testHttpOptions(), sink: { define: () => undefined, add: () => undefined }, runTags: {}, log: () => undefined },
    () => undefined,
  );
  return { memoryLimitBytes: 64 * 1024 * 1024, host, modules: HOST_MODULES, shouldInterrupt: () => false };
}

/** A script module with closures, a class, a generator and an import of a k6 module. */
function libraryModule(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qk6-bytecode-'));
  const path = join(dir, 'lib.js');
  writeFileSync(
    path,
    `import encoding from 'k6/encoding';
let calls = 0;
export function counter(start) { let n = start; return () => { calls++; return n++; }; }
export class Point { #x; constructor(x) { this.#x = x; } get doubled() { return this.#x * 2; } }
export function* upTo(n) { for (let i = 0; i < n; i++) yield i; }
export const encoded = encoding.b64encode('qk6');
export const callsSoFar = () => calls;
export const source = counter.toString();`,
  );
  return pathToFileURL(path).href;
}

/** Evaluates `code` as a module in `engine`; what it left in `globalThis.out`, or the error. */
async function runModule(engine: VuEngine, code: string): Promise<unknown> {
  const result = await engine.calls.evalCode(code, 'file:///tmp/importer.js', true);
  if (result.error !== undefined) {
    const error = engine.context.dump(result.error);
    result.error.dispose();
    return { error };
  }
  result.value.dispose();
  const out = engine.context.getProp(engine.context.global, 'out');
  try {
    return engine.context.dump(out);
  } finally {
    out.dispose();
  }
}

const engines: VuEngine[] = [];
const compilers: TemplateModules[] = [];
afterEach(() => {
  for (const engine of engines.splice(0)) disposeVuEngine(engine, false);
  for (const compiler of compilers.splice(0)) compiler.dispose();
});

async function newEngine(): Promise<VuEngine> {
  const engine = await createVuEngine(options());
  engines.push(engine);
  learnStripFlag(engine);
  return engine;
}

async function newCompiler(): Promise<TemplateModules> {
  const compiler = await TemplateModules.create(options());
  if (compiler === undefined) throw new Error('the derived binary has no qk6_write_bytecode/qk6_read_bytecode');
  compilers.push(compiler);
  return compiler;
}

describe('modules compiled once', () => {
  it('run in another engine as if it had compiled them, without its loader being asked', async () => {
    // The runtime modules k6/encoding needs, as a VU's loader lists them (a template gets them so).
    const first = await newEngine();
    await runModule(first, `import 'k6/encoding';`);
    const runtimeModules = [...first.runtimeModules];
    expect(runtimeModules).toContain(ENCODING);
    const lib = libraryModule();
    const compiled = (await newCompiler()).compile([...runtimeModules, lib]);
    expect(compiled?.map((module) => module.name)).toEqual([...runtimeModules, lib]);
    const importer = `import { counter, Point, upTo, encoded, callsSoFar, source } from ${JSON.stringify(lib)};
const next = counter(5);
globalThis.out = { counted: [next(), next(), next()], calls: callsSoFar(), doubled: new Point(21).doubled, yielded: [...upTo(3)], encoded, source };`;

    const reader = await newEngine();
    expect(readModules(reader, compiled ?? [])).toBe(true);
    const asked: string[] = [];
    reader.runtime.setModuleLoader(
      (name) => {
        asked.push(name);
        return { error: new Error(`the loader was asked for ${name}`) };
      },
      (base, requested) => normalizeModuleName(base, requested),
    );
    const read = await runModule(reader, importer);
    expect(asked).toEqual([]);
    const compiler = await newEngine();
    const compiledHere = await runModule(compiler, importer);

    expect(read).toEqual({ counted: [5, 6, 7], calls: 3, doubled: 42, yielded: [0, 1, 2], encoded: 'cWs2', source: 'function counter(start) { let n = start; return () => { calls++; return n++; }; }' });
    expect(read).toEqual(compiledHere);
    // The modules read are listed as the loader lists those it gives.
    expect(reader.runtimeModules).toEqual(runtimeModules);
    expect(reader.scriptModules).toEqual([lib]);
  });

  it('keep a runtime module without its functions’ text, as the loader compiles it', async () => {
    const first = await newEngine();
    await runModule(first, `import 'k6/encoding';`);
    const compiled = (await newCompiler()).compile(first.runtimeModules);
    const reader = await newEngine();
    expect(readModules(reader, compiled ?? [])).toBe(true);
    expect(await runModule(reader, `import encoding from 'k6/encoding'; globalThis.out = encoding.b64encode.toString();`)).toMatch(/\[native code\]/);
  });

  it('refuse what is not a compiled module, and a module that does not compile', async () => {
    await newEngine();
    const reader = await newEngine();
    expect(reader.moduleBytecode?.read('file:///tmp/garbage.js', new Uint8Array([1, 2, 3, 4]).buffer)).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'qk6-bytecode-'));
    writeFileSync(join(dir, 'broken.js'), 'export const x = ;');
    expect((await newCompiler()).compile([pathToFileURL(join(dir, 'broken.js')).href])).toBeUndefined();
    expect(await runModule(reader, 'globalThis.out = 1 + 1;')).toBe(2); // the engine is unharmed
  });
});
