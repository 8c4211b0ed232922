#!/usr/bin/env node
// Build step (`npm run build`): derives dist/vu/quickjs-asyncify.wasm from quickjs-emscripten's
// *asyncify* QuickJS build, the one VUs use where V8 cannot switch stacks (Node 22/24, see
// src/vu/quickjs-engine.ts). It gains the export "qk6_compile_module" (compile-module-export.js),
// through which an engine template compiles a script without running it — nothing in it suspends:
// compiling calls only the module loader, which answers at once —, the exports "qk6_write_bytecode"
// and "qk6_read_bytecode", through which it compiles modules once for all its engines
// (module-bytecode-exports.js), and allocator functions that count the bytes allocated
// (count-allocated-bytes.js); none of them suspends.
import binaryen from 'binaryen';
import { addCompileModuleExport } from './compile-module-export.js';
import { countAllocatedBytes } from './count-allocated-bytes.js';
import { addModuleBytecodeExports } from './module-bytecode-exports.js';
import { exportNameIn, readVariant, writeDerived } from './quickjs-variant.js';

const { source, glue } = readVariant('@jitl/quickjs-wasmfile-release-asyncify');
const qtsEval = exportNameIn(glue, 'QTS_Eval');
if (qtsEval === undefined) throw new Error('build-asyncify-quickjs: QTS_Eval not found in the QuickJS glue');

const m = binaryen.readBinary(source);
const F = binaryen.Features;
m.setFeatures(F.MVP | F.MutableGlobals | F.NontrappingFPToInt | F.SignExt | F.BulkMemory | F.BulkMemoryOpt);
const compileModule = addCompileModuleExport(m, binaryen.getExportInfo(m.getExport(qtsEval)).value);
if (!compileModule) console.warn('build-asyncify-quickjs: JS_Eval was not found in QTS_Eval; asyncify engine templates will not precompile scripts');
const bjson = ['QTS_bjson_encode', 'QTS_bjson_decode'].map((name) => exportNameIn(glue, name));
const moduleBytecode = bjson.every((name) => name !== undefined) && addModuleBytecodeExports(m, ...bjson.map((name) => binaryen.getExportInfo(m.getExport(name)).value));
if (!moduleBytecode) console.warn('build-asyncify-quickjs: QuickJS\'s object writer and reader were not recognised; asyncify engine templates will compile modules in every engine');
const allocatedBytes = countAllocatedBytes(m);
if (!allocatedBytes) console.warn('build-asyncify-quickjs: QuickJS\'s allocator functions were not found; it will count 8 bytes per allocation');
if (!m.validate()) throw new Error('build-asyncify-quickjs: the derived module does not validate');
writeDerived('quickjs-asyncify', m.emitBinary(), source, { compileModule, moduleBytecode, allocatedBytes });
m.dispose();
