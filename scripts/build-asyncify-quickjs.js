#!/usr/bin/env node
// Build step (`npm run build`): derives dist/vu/quickjs-asyncify.wasm from quickjs-emscripten's
// *asyncify* QuickJS build, the one VUs use where V8 cannot switch stacks (Node 22/24, see
// src/vu/quickjs-engine.ts). It gains only the export "qk6_compile_module"
// (compile-module-export.js), through which an engine template compiles a script without running
// it. Nothing in it suspends: compiling calls only the module loader, which answers at once.
//
// dist/vu/quickjs-asyncify.json records the source binary's hash, so the engine uses the derived
// binary only with the quickjs-emscripten it was derived from.
import binaryen from 'binaryen';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addCompileModuleExport } from './compile-module-export.js';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const variantDir = dirname(require.resolve('@jitl/quickjs-wasmfile-release-asyncify/wasm'));
const source = readFileSync(join(variantDir, 'emscripten-module.wasm'));
const glue = readFileSync(join(variantDir, 'emscripten-module.mjs'), 'utf8');

const qtsEvalExport = /_QTS_Eval=\w+\.([\w$]+)/.exec(glue)?.[1];
if (qtsEvalExport === undefined) throw new Error('build-asyncify-quickjs: QTS_Eval not found in the QuickJS glue');

const m = binaryen.readBinary(source);
const F = binaryen.Features;
m.setFeatures(F.MVP | F.MutableGlobals | F.NontrappingFPToInt | F.SignExt | F.BulkMemory | F.BulkMemoryOpt);
const compileModule = addCompileModuleExport(m, binaryen.getExportInfo(m.getExport(qtsEvalExport)).value);
if (!compileModule) console.warn('build-asyncify-quickjs: JS_Eval was not found in QTS_Eval; asyncify engine templates will not precompile scripts');
if (!m.validate()) throw new Error('build-asyncify-quickjs: the derived module does not validate');
const outDir = join(root, 'dist', 'vu');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'quickjs-asyncify.wasm'), m.emitBinary());
const info = { sourceSha256: createHash('sha256').update(source).digest('hex'), compileModule };
writeFileSync(join(outDir, 'quickjs-asyncify.json'), `${JSON.stringify(info, null, 2)}\n`);
m.dispose();
