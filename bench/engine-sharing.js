#!/usr/bin/env node
// What a VU's engine would cost if several VUs shared one QuickJS WebAssembly instance (each with
// its own runtime and context) instead of one instance each, as they do now: start-up time, JS heap
// and resident memory per engine, for 320 engines made K to an instance. A measurement for the
// design, not a test: the README's Performance section quotes it. Needs the build (dist/) and
// stack switching:
//
//   node --expose-gc --experimental-wasm-stack-switching --wasm-stack-switching-stack-size=4096 \
//     bench/engine-sharing.js [K...]
import { newSuspendingQuickJsInstance } from '../dist/vu/suspending-engine.js';

const ENGINES = 320;

async function measure(perInstance) {
  globalThis.gc();
  const before = process.memoryUsage();
  const started = performance.now();
  const kept = [];
  for (let made = 0; made < ENGINES; made += perInstance) {
    const instance = await newSuspendingQuickJsInstance(512 * 1024 * 1024);
    if (instance === undefined) throw new Error('no stack switching here: run with the flags in the header');
    kept.push(instance);
    for (let k = 0; k < perInstance; k++) {
      const runtime = instance.module.newRuntime();
      kept.push(runtime, runtime.newContext());
    }
  }
  const ms = (performance.now() - started) / ENGINES;
  globalThis.gc();
  const after = process.memoryUsage();
  const kib = (bytes) => (bytes / ENGINES / 1024).toFixed(0);
  console.log(
    `${String(perInstance).padStart(2)} per instance: ${ms.toFixed(2)} ms, ${kib(after.heapUsed - before.heapUsed)} KiB JS heap, ` +
      `${kib(after.rss - before.rss)} KiB resident per runtime + context`,
  );
  return kept;
}

if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc (see the header)');
const counts = process.argv.slice(2).map(Number);
// Every measurement's engines stay alive, so that each one's memory is its own.
const alive = [];
for (const perInstance of counts.length > 0 ? counts : [1, 16, 1, 16]) alive.push(await measure(perInstance));
