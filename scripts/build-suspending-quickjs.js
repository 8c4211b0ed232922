#!/usr/bin/env node
// Build step (`npm run build`): derives dist/vu/quickjs-suspending.wasm from quickjs-emscripten's
// *sync* QuickJS build, for VUs that suspend with V8's stack switching (JSPI) instead of asyncify
// (src/vu/suspending-engine.ts explains why and how). The binary gains, through binaryen:
//
//   global  $qk6_suspender  (mut externref)         the suspender of the running driver
//   global  $qk6_driver     (mut i32)               the host's number for the running driver
//   export  "qk6_stack_pointer"                     the C stack pointer (emscripten's global)
//   export  "qk6_host_top"  (mut i32)               where the stack pointer waits between commands
//   import  "qk6" "host_call" (externref, i32, i32 ×5) → i32
//                         replaces the build's host-function import ("a" "s"): the old import's
//                         callers now call a stub that passes $qk6_suspender and $qk6_driver
//                         along, so a host function that returns a promise suspends the driver,
//                         and that puts both, and the stack pointer, back when the call returns
//   import  "qk6" "next" (externref, i32) → i32     suspends until the host sends a command
//   import  "qk6" "arg"  (i32, i32) → i32           the command's arguments, one by one
//   import  "qk6" "done" (i32, i32)                 the command's result
//   export  "qk6_drive" (externref, i32, i32)       a driver (its number, the top of its slice of
//                         the C stack): a loop of commands, each a call of QTS_Call (1),
//                         QTS_ExecutePendingJob (2) or QTS_Eval (3), run on the driver's slice; 0
//                         ends it
//   export  "qk6_compile_module" (ctx, code, length, filename) → JSValue*
//                         compiles a module and loads what it imports, evaluating nothing
//                         (compile-module-export.js says why QTS_Eval cannot)
//   export  "qk6_write_bytecode" (ctx, JSValue*) → JSValue*, "qk6_read_bytecode" (ctx, JSValue*) → JSValue*
//                         a compiled module written out and read into another engine
//                         (module-bytecode-exports.js)
//
// QuickJS's allocator functions count the bytes allocated (count-allocated-bytes.js says why), so
// that each VU's runtime can have a memory limit of its own in an instance several VUs share.
// The C stack is 512 KiB instead of emscripten's 5 MiB, its heap starting right above it
// (shrink-c-stack.js says why; the JSON records where the heap starts). The result is optimised for
// speed, the library's build being optimised for size (optimize-for-speed.js).
//
// host_call and next take the driver's number so that a thread can import one pair of suspending
// functions into all its instances: V8 compiles a wrapper for every suspending function made.
//
// The minified names of the sync build's exports and import are read from its emscripten glue,
// and dist/vu/quickjs-suspending.json records them with the source binary's hash, so a changed
// quickjs-emscripten is detected instead of misread.
import binaryen from 'binaryen';
import { addCompileModuleExport } from './compile-module-export.js';
import { countAllocatedBytes } from './count-allocated-bytes.js';
import { addModuleBytecodeExports } from './module-bytecode-exports.js';
import { optimizeForSpeed } from './optimize-for-speed.js';
import { exportNameIn, readVariant, writeDerived } from './quickjs-variant.js';
import { shrinkCStack } from './shrink-c-stack.js';

const { source, glue } = readVariant('@jitl/quickjs-wasmfile-release-sync');

/** The minified export the glue binds to `_NAME`. */
function exportName(name) {
  const exported = exportNameIn(glue, name);
  if (exported === undefined) throw new Error(`build-suspending-quickjs: ${name} not found in the QuickJS glue`);
  return exported;
}

const hostCallField = /([\w$]+):function\([\w,]*\)\{return \w+\.callbacks\.callFunction\(/.exec(glue)?.[1];
if (hostCallField === undefined) throw new Error('build-suspending-quickjs: the host-function import was not found in the QuickJS glue');

const m = binaryen.readBinary(source);
// What emscripten's output uses, plus reference types for the externref suspender (V8 11.3 knows
// no newer encodings, which binaryen's default of "all features" would emit).
const F = binaryen.Features;
const FEATURES = F.MVP | F.MutableGlobals | F.NontrappingFPToInt | F.SignExt | F.BulkMemory | F.BulkMemoryOpt | F.ReferenceTypes;
m.setFeatures(FEATURES);

/**
 * The C stack: 512 KiB instead of emscripten's 5 MiB. An instance that holds one VU runs it there.
 * One that holds several gets, from its heap, a slice for each VU's driver and a region for the
 * host's own calls above them (src/vu/suspending-engine.ts): QuickJS stops a script at 192 KiB of
 * C stack at most (src/vu/vu-engine.ts), the rest is margin for the C code between its checks
 * (test/vu/c-stack-layout.test.ts recurses to the limit).
 */
const C_STACK_BYTES = 512 * 1024;
const smallerStack = shrinkCStack(m, C_STACK_BYTES);
if (smallerStack === undefined) throw new Error('build-suspending-quickjs: the QuickJS build has another memory layout; its C stack cannot be placed');

const i32 = binaryen.i32;
const externref = binaryen.externref;
const none = binaryen.none;

let hostCall;
for (let i = 0; i < m.getNumFunctions(); i++) {
  const info = binaryen.getFunctionInfo(m.getFunctionByIndex(i));
  if (info.module !== '' && info.base === hostCallField) hostCall = info;
}
if (hostCall === undefined) throw new Error(`build-suspending-quickjs: import "${hostCallField}" not found`);
const hostCallParams = binaryen.expandType(hostCall.params);

// What identifies the running driver: its suspender and number, and its stack pointer. Every
// suspension lets another driver of the instance run, so each is kept in the suspended call's
// locals and put back when it resumes. (The C code's own epilogues restore the stack pointer
// from their frames as they return; the stub covers what runs before the first of them.)
const stackPointer = () => m.global.get(smallerStack.stackPointer, i32);
m.addGlobalExport(smallerStack.stackPointer, 'qk6_stack_pointer');
// Where the stack pointer waits while no driver runs: the host's region, or the C stack's top.
m.addGlobal('qk6_host_top', i32, true, m.i32.const(smallerStack.heapBase));
m.addGlobalExport('qk6_host_top', 'qk6_host_top');
m.addGlobal('qk6_suspender', externref, true, m.ref.null(externref));
const suspender = () => m.global.get('qk6_suspender', externref);
m.addGlobal('qk6_driver', i32, true, m.i32.const(0));
const driverNumber = () => m.global.get('qk6_driver', i32);

m.addFunctionImport('qk6_host_call', 'qk6', 'host_call', binaryen.createType([externref, i32, ...hostCallParams]), hostCall.results);
m.removeFunction(hostCall.name);
{
  const params = hostCallParams.length;
  const [SP, SUSPENDER, DRIVER, RESULT] = [params, params + 1, params + 2, params + 3];
  m.addFunction(
    hostCall.name,
    hostCall.params,
    hostCall.results,
    [i32, externref, i32, i32],
    m.block(null, [
      m.local.set(SP, stackPointer()),
      m.local.set(SUSPENDER, suspender()),
      m.local.set(DRIVER, driverNumber()),
      // The host moves the stack pointer to its region when the call suspends (suspending-engine.ts).
      m.local.set(RESULT, m.call('qk6_host_call', [m.local.get(SUSPENDER, externref), m.local.get(DRIVER, i32), ...hostCallParams.map((type, index) => m.local.get(index, type))], i32)),
      m.global.set(smallerStack.stackPointer, m.local.get(SP, i32)),
      m.global.set('qk6_suspender', m.local.get(SUSPENDER, externref)),
      m.global.set('qk6_driver', m.local.get(DRIVER, i32)),
      m.local.get(RESULT, i32),
    ], i32),
  );
}

m.addFunctionImport('qk6_next', 'qk6', 'next', binaryen.createType([externref, i32]), i32);
m.addFunctionImport('qk6_arg', 'qk6', 'arg', binaryen.createType([i32, i32]), i32);
m.addFunctionImport('qk6_done', 'qk6', 'done', binaryen.createType([i32, i32]), none);

// qk6_drive's parameters and local.
const [SUSPENDER, DRIVER, STACK_TOP, OP] = [0, 1, 2, 3];

/** A call of the function behind export `name` with its arguments fetched by `qk6.arg`. */
function commandCall(name) {
  const info = binaryen.getFunctionInfo(m.getFunction(binaryen.getExportInfo(m.getExport(exportName(name))).value));
  const params = binaryen.expandType(info.params);
  if (params.some((type) => type !== i32) || info.results !== i32) throw new Error(`build-suspending-quickjs: unexpected signature of ${name}`);
  return m.call(info.name, params.map((_, index) => m.call('qk6_arg', [m.local.get(DRIVER, i32), m.i32.const(index)], i32)), i32);
}

/** Makes this driver the running one, on its own slice. */
const becomeRunning = () => [
  m.global.set('qk6_suspender', m.local.get(SUSPENDER, externref)),
  m.global.set('qk6_driver', m.local.get(DRIVER, i32)),
  m.global.set(smallerStack.stackPointer, m.local.get(STACK_TOP, i32)),
];
/** Leaves the stack pointer in the host's region: the driver has no frames on its slice between commands. */
const toHostStack = () => m.global.set(smallerStack.stackPointer, m.global.get('qk6_host_top', i32));

m.addFunction(
  'qk6_drive',
  binaryen.createType([externref, i32, i32]),
  none,
  [i32],
  m.block(null, [
    m.loop(
      'next',
      m.block(null, [
        toHostStack(),
        m.local.set(OP, m.call('qk6_next', [m.local.get(SUSPENDER, externref), m.local.get(DRIVER, i32)], i32)),
        m.if(m.i32.eqz(m.local.get(OP, i32)), m.return()),
        ...becomeRunning(),
        m.call(
          'qk6_done',
          [
            m.local.get(DRIVER, i32),
            m.if(
              m.i32.eq(m.local.get(OP, i32), m.i32.const(1)),
              commandCall('QTS_Call'),
              m.if(m.i32.eq(m.local.get(OP, i32), m.i32.const(2)), commandCall('QTS_ExecutePendingJob'), commandCall('QTS_Eval')),
            ),
          ],
          none,
        ),
        m.br('next'),
      ]),
    ),
  ]),
);
m.addFunctionExport('qk6_drive', 'qk6_drive');

const compileModule = addCompileModuleExport(m, binaryen.getExportInfo(m.getExport(exportName('QTS_Eval'))).value);
if (!compileModule) console.warn('build-suspending-quickjs: JS_Eval was not found in QTS_Eval; engine templates will not precompile scripts');

const moduleBytecode = addModuleBytecodeExports(m, ...['QTS_bjson_encode', 'QTS_bjson_decode'].map((name) => binaryen.getExportInfo(m.getExport(exportName(name))).value));
if (!moduleBytecode) console.warn('build-suspending-quickjs: QuickJS\'s object writer and reader were not recognised; engine templates will compile modules in every engine');

const allocatedBytes = countAllocatedBytes(m);
if (!allocatedBytes) console.warn('build-suspending-quickjs: QuickJS\'s allocator functions were not found; it will count 8 bytes per allocation');

if (!m.validate()) throw new Error('build-suspending-quickjs: the derived module does not validate');
const binary = m.emitBinary();
smallerStack.patchBinary(binary);
m.dispose();
writeDerived('quickjs-suspending', optimizeForSpeed(binary, FEATURES), source, {
  hostCallImport: hostCallField,
  compileModule,
  moduleBytecode,
  allocatedBytes,
  // Where the heap starts, right above the C stack: an instance's memory must be larger.
  heapBase: smallerStack.heapBase,
});
