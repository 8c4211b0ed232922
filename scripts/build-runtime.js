#!/usr/bin/env node
// Build step (`npm run build`): writes qk6's guest runtime (runtime/, the modules every VU
// evaluates in QuickJS) to dist/runtime without comments and whitespace, and with short local
// names, which is what VUs load.
//
// Why: QuickJS keeps the source text of every function it compiles (for Function.prototype.toString),
// nested functions again inside their parents, and the names of every function's locals and
// arguments; the runtime is written to be read: JSDoc types and comments are ~40% of its bytes.
// Without them a VU's copy of the evaluated runtime (k6 and k6/http, src/vu/engine-template.ts) is
// 5 memory pages (20 KiB) smaller, and every thread's first compile of it has 43% less text to scan;
// short local names take 2 pages (8 KiB) more off. Nothing else changes: function and class names
// (`keepNames`), top-level names, strings and statements are kept as written (no compression), so
// errors and stack traces name the same functions.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minifySync } from 'rolldown/utils';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'runtime');
const outDir = join(root, 'dist', 'runtime');

rmSync(outDir, { recursive: true, force: true });
for (const entry of readdirSync(sourceDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
  const path = join(entry.parentPath, entry.name);
  const name = relative(sourceDir, path);
  const result = minifySync(name, readFileSync(path, 'utf8'), {
    module: true,
    compress: false,
    mangle: { toplevel: false, keepNames: true },
    codegen: { removeWhitespace: true },
  });
  if (result.errors.length > 0) {
    throw new Error(`runtime/${name}: ${result.errors.map((error) => error.message).join('; ')}`);
  }
  mkdirSync(dirname(join(outDir, name)), { recursive: true });
  writeFileSync(join(outDir, name), result.code);
}
