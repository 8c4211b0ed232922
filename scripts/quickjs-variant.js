// Build helper for the derived QuickJS binaries: reads one of quickjs-emscripten's builds (its
// binary and emscripten glue) and writes what is derived from it into dist/vu, with a JSON record
// that names the source binary's hash (the engines use a derived binary only with its source).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'vu');

/** The binary and glue of `pkg` (e.g. '@jitl/quickjs-wasmfile-release-sync'). */
export function readVariant(pkg) {
  const dir = dirname(require.resolve(`${pkg}/wasm`));
  return { source: readFileSync(join(dir, 'emscripten-module.wasm')), glue: readFileSync(join(dir, 'emscripten-module.mjs'), 'utf8') };
}

/** The minified export `glue` binds to `_NAME`, or undefined. */
export function exportNameIn(glue, name) {
  return new RegExp(`_${name}=\\w+\\.([\\w$]+)`).exec(glue)?.[1];
}

/** Writes dist/vu/`name`.wasm and dist/vu/`name`.json (`info` plus the hash of `source`). */
export function writeDerived(name, binary, source, info) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.wasm`), binary);
  const record = { sourceSha256: createHash('sha256').update(source).digest('hex'), ...info };
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
}
