// Build helper for the derived QuickJS binaries (build-suspending-quickjs.js, build-asyncify-quickjs.js):
// adds the exports
//
//   "qk6_write_bytecode" (ctx, JSValue* value)       → JSValue* (an ArrayBuffer, or the exception)
//   "qk6_read_bytecode"  (ctx, JSValue* arrayBuffer) → JSValue* (the value read, or the exception)
//
// QuickJS's JS_WriteObject and JS_ReadObject with their bytecode flag, so that an engine template
// compiles a module once and reads the compiled module into its other engines
// (src/vu/module-bytecode.ts). quickjs-emscripten reaches those two functions only through
// QTS_bjson_encode and QTS_bjson_decode, which refuse functions and modules, and in the release
// builds both are inlined there: each flag became a constant the inlined code stores into the
// writer's or reader's state. The new exports are copies of the two functions with the state's
// `allow_bytecode` byte set (quickjs.c, 2024-01-13):
// - BCWriterState { ctx; DynBuf dbuf (six words); allow_bytecode, allow_sab, allow_reference (a
//   byte each); first_atom; … }, on the frame: bjson's JS_WRITE_OBJ_REFERENCE stores its bytes 28
//   to 35 as one i64, 0x00000001_00010000 (allow_reference 1, first_atom 1); the copy stores
//   0x00000001_00010001.
// - BCReaderState { ctx; buf_start, ptr, buf_end; first_atom; idx_to_atom_count; idx_to_atom;
//   error; allow_sab, allow_bytecode, is_rom_data, allow_reference (a byte each); … }, 12 bytes
//   into the frame: bjson stores first_atom = 1 at 28 as an i32 and zeroes error and the flags,
//   bytes 40 to 47, as one i64; the copy stores 1 << 40 there, allow_bytecode.
// first_atom stays 1 on both sides (QuickJS starts bytecode's atom table past its predefined atoms
// instead; any start works when writer and reader agree: every atom then travels as text).
//
// Each store is matched by offset, width and value, exactly once in its function, or nothing is
// added: a QuickJS whose layout differs leaves templates compiling every engine's modules.
import binaryen from 'binaryen';
import { expressionsIn } from './function-calls.js';

const WRITER_FLAGS_OFFSET = 28;
const WRITER_BJSON_FLAGS = 0x00000001_00010000n;
const WRITER_BYTECODE_FLAGS = 0x00000001_00010001n;
const READER_FIRST_ATOM_OFFSET = 28;
const READER_FLAGS_OFFSET = 40;
const READER_BYTECODE_FLAGS = 1n << 40n;

/** The stores in `body` of `bytes` width at `offset` whose value is the constant `value`. */
function constantStores(body, offset, bytes, value) {
  const stores = [];
  for (const expression of expressionsIn(body)) {
    if (binaryen.getExpressionId(expression) !== binaryen.StoreId) continue;
    const store = binaryen.getExpressionInfo(expression);
    if (store.offset !== offset || store.bytes !== bytes || binaryen.getExpressionId(store.value) !== binaryen.ConstId) continue;
    const constant = bytes === 8 ? binaryen.Const.getValueI64(store.value) : BigInt(binaryen.Const.getValueI32(store.value));
    if (constant === value) stores.push(store.value);
  }
  return stores;
}

/**
 * A copy of function `from` of `m` whose body `patch` changed, to be added as `exportName`;
 * undefined when `patch` found nothing to change (the copy is then never added).
 */
function patchedCopy(m, from, exportName, patch) {
  const info = binaryen.getFunctionInfo(m.getFunction(from));
  const body = m.copyExpression(info.body);
  return patch(body) ? { exportName, info, body } : undefined;
}

function allowWritingBytecode(body) {
  const [flags, other] = constantStores(body, WRITER_FLAGS_OFFSET, 8, WRITER_BJSON_FLAGS);
  if (flags === undefined || other !== undefined) return false;
  binaryen.Const.setValueI64(flags, WRITER_BYTECODE_FLAGS);
  return true;
}

function allowReadingBytecode(body) {
  const firstAtom = constantStores(body, READER_FIRST_ATOM_OFFSET, 4, 1n);
  const [flags, other] = constantStores(body, READER_FLAGS_OFFSET, 8, 0n);
  if (firstAtom.length !== 1 || flags === undefined || other !== undefined) return false;
  binaryen.Const.setValueI64(flags, READER_BYTECODE_FLAGS);
  return true;
}

/**
 * Adds "qk6_write_bytecode" and "qk6_read_bytecode" to `m`, given the binaryen names of its
 * QTS_bjson_encode and QTS_bjson_decode; false (and `m` unchanged) when either does not show
 * the stores described above.
 */
export function addModuleBytecodeExports(m, bjsonEncode, bjsonDecode) {
  const copies = [patchedCopy(m, bjsonEncode, 'qk6_write_bytecode', allowWritingBytecode), patchedCopy(m, bjsonDecode, 'qk6_read_bytecode', allowReadingBytecode)];
  if (copies.some((copy) => copy === undefined)) return false;
  for (const { exportName, info, body } of copies) {
    m.addFunction(exportName, info.params, info.results, info.vars, body);
    m.addFunctionExport(exportName, exportName);
  }
  return true;
}
