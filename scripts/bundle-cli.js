#!/usr/bin/env node
// Build step (`npm run build`, after tsc): bundles the modules bin/qk6.js loads — the CLI and the
// VU worker — into dist/bundle, a few files instead of ~150 modules per thread.
//
// Why: Node 20 spent ~330 ms of a run's start-up resolving, reading and linking the CLI's ES
// modules one by one, and every VU worker did the same again for its own ~100 (measured on this
// project's 2-core machine with --cpu-prof). The first VU of a 1-VU `qk6 run` was ready 788-981 ms
// after the launch, 678-812 ms with the bundle. The code is the same; only its files differ.
//
// The bundle sits two levels under the package, like every module of dist/ it replaces, so the
// paths they resolve from `import.meta.url` (dist/runtime, dist/vu/quickjs-suspending.wasm, the
// worker entry next to early-worker.js) are the same from either. Packages that load files of their own
// (QuickJS's WebAssembly) stay outside, as do the ones qk6 loads lazily with `require`.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outDir = join(dist, 'bundle');

/** bin/qk6.js's imports, and the worker entry early-worker.js starts (`./vu-worker.js` beside it). */
const ENTRIES = {
  main: 'cli/main.js',
  relaunch: 'cli/relaunch.js',
  'early-worker': 'execution/worker/early-worker.js',
  'gc-tuning': 'execution/gc-tuning.js',
  'vu-worker': 'execution/worker/vu-worker.js',
};

rmSync(outDir, { recursive: true, force: true });
await build({
  input: Object.fromEntries(Object.entries(ENTRIES).map(([name, path]) => [name, join(dist, path)])),
  platform: 'node',
  // quickjs-emscripten's variants find their .wasm files next to their own modules.
  external: [/^node:/, /^quickjs-emscripten/, /^@jitl\//],
  output: { dir: outDir, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
  logLevel: 'warn',
});
