// Build helper for build-suspending-quickjs.js: gives the QuickJS build a smaller C stack, so that
// its heap, and with it a VU's WebAssembly memory, starts lower.
//
// Emscripten lays the build out as [data | bss | C stack (5 MiB) | heap]: the stack pointer global
// starts at the stack's top, and sbrk's first break — a word of the data — equals it. A VU never
// comes near 5 MiB of C stack: QuickJS stops a script at its own limit (at most 192 KiB, see
// src/vu/vu-engine.ts), so the rest is address space every VU's memory must still include, and
// that V8 counts against the isolate's external memory (each 64 MB of it starts a full garbage
// collection while VUs are created). Here the stack keeps its bottom and gets a new top, the heap
// starts there, and nothing else moves. (The C library's own record of the main thread's stack,
// written at start-up for pthread_getattr_np, keeps the old numbers; QuickJS finds its stack top
// from the stack pointer: test/vu/c-stack-layout.test.ts checks its limit still works.)
import binaryen from 'binaryen';
// The project's WebAssembly reader: `npm run build` compiles src/ before it runs this script.
import { WasmReader } from '../dist/vu/wasm-reader.js';

/**
 * Rewrites `m` (a binaryen module of the sync QuickJS build) for a C stack of `stackBytes`.
 * Returns where the heap now starts, the stack pointer's name and how to patch the emitted binary,
 * or undefined (and `m` unchanged) when the layout is not the one above.
 */
export function shrinkCStack(m, stackBytes) {
  const stackPointer = onlyMutableI32Global(m);
  const bssEnd = bssEndOf(m);
  if (stackPointer === undefined || bssEnd === undefined) return undefined;
  const oldTop = stackPointer.value;
  const newTop = alignUp(bssEnd, 16) + stackBytes;
  if (newTop >= oldTop) return undefined;

  // sbrk's first break: the one aligned data word holding the old top.
  const breakWords = [];
  for (const segment of dataSegments(m)) {
    for (let at = alignUp(segment.offset, 4) - segment.offset; at < segment.data.length; at += 4) {
      if (readWord(segment.data, at) === oldTop) breakWords.push({ segmentOffset: segment.offset, at });
    }
  }
  if (breakWords.length !== 1) return undefined;

  m.removeGlobal(stackPointer.name);
  m.addGlobal(stackPointer.name, binaryen.i32, true, m.i32.const(newTop));
  const [breakWord] = breakWords;
  return {
    heapBase: newTop,
    /** The stack pointer global's name. */
    stackPointer: stackPointer.name,
    /** Writes the new break into the emitted binary (binaryen has no way to edit a data segment). */
    patchBinary: (binary) => patchDataWord(binary, breakWord.segmentOffset, breakWord.at, oldTop, newTop),
  };
}

const DATA_SECTION = 11;
const I32_CONST = 0x41;
const END = 0x0b;

/**
 * Overwrites, in place, the word at `at` of the active data segment placed at `segmentOffset`;
 * binaryen drops a segment's trailing zero bytes, so only the bytes present are written, and
 * `value` must fit them. Throws when the binary does not hold `expected` there.
 */
function patchDataWord(binary, segmentOffset, at, expected, value) {
  const reader = new WasmReader(binary);
  const count = reader.toSection(DATA_SECTION) ? reader.unsigned() : 0;
  for (let index = 0; index < count; index++) {
    const flags = reader.unsigned();
    let offset;
    if (flags === 0 && reader.byte() === I32_CONST) {
      offset = reader.signed32();
      if (reader.byte() !== END) throw new Error('shrink-c-stack: unexpected data segment offset');
    } else if (flags !== 1) {
      throw new Error('shrink-c-stack: unexpected data segment kind');
    }
    const length = reader.unsigned();
    if (offset === segmentOffset) {
      const bytes = binary.subarray(reader.position, reader.position + length);
      if (readWord(bytes, at) !== expected) throw new Error('shrink-c-stack: the break word moved');
      const present = Math.min(4, length - at);
      if (value >= 2 ** (8 * present)) throw new Error('shrink-c-stack: the new break does not fit its segment');
      for (let byte = 0; byte < present; byte++) bytes[at + byte] = Math.floor(value / 2 ** (8 * byte)) & 0xff;
      return;
    }
    reader.position += length;
  }
  throw new Error('shrink-c-stack: the break word was not found in the binary');
}

/** The stack pointer: emscripten's release build has no other global. */
function onlyMutableI32Global(m) {
  if (m.getNumGlobals() !== 1) return undefined;
  const info = binaryen.getGlobalInfo(m.getGlobalByIndex(0));
  if (!info.mutable || info.type !== binaryen.i32 || info.imported) return undefined;
  const init = binaryen.getExpressionInfo(info.init);
  if (init.id !== binaryen.ConstId) return undefined;
  return { name: info.name, value: init.value };
}

/** Where the bss ends: the start function zero-fills it (`memory.fill(start, 0, length)`) when memory is imported. */
function bssEndOf(m) {
  const start = m.getStart();
  if (!start) return undefined;
  const body = binaryen.getExpressionInfo(binaryen.getFunctionInfo(start).body);
  if (body.id !== binaryen.MemoryFillId) return undefined;
  const [dest, value, size] = [body.dest, body.value, body.size].map((expression) => binaryen.getExpressionInfo(expression));
  if ([dest, value, size].some((operand) => operand.id !== binaryen.ConstId) || value.value !== 0) return undefined;
  return dest.value + size.value;
}

/** The active data segments: where each is placed, and its bytes. */
function dataSegments(m) {
  const segments = [];
  for (let index = 0; index < m.getNumDataSegments(); index++) {
    const info = m.getDataSegmentInfo(m.getDataSegmentByIndex(index));
    if (!info.passive) segments.push({ offset: info.offset, data: new Uint8Array(info.data) });
  }
  return segments;
}

/** The little-endian word at `at`; a segment may leave out trailing zero bytes. */
function readWord(bytes, at) {
  let word = 0;
  for (let index = 3; index >= 0; index--) word = word * 256 + (bytes[at + index] ?? 0);
  return word;
}

function alignUp(value, alignment) {
  return Math.ceil(value / alignment) * alignment;
}
