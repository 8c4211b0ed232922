// Build helper for the derived QuickJS binaries (build-suspending-quickjs.js, build-asyncify-quickjs.js):
// makes QuickJS count the bytes it allocates, not 8 per allocation.
//
// QuickJS's default allocator functions (js_def_malloc, js_def_free, js_def_realloc) keep the
// runtime's `malloc_state`: `malloc_count`, `malloc_size` (each allocation's usable size plus an
// 8-byte overhead) and `malloc_limit`. Under emscripten `js_def_malloc_usable_size` returns 0, so
// `malloc_size` is 8 per live allocation, and what reads it is misled: the cycle collector, which
// runs when `malloc_size` passes its threshold (256 KiB at first, then 1.5× the size after each
// collection), saw a VU holding ~3,000 allocations as 24 KiB, and a 1 MiB string as 8 bytes; the
// runtime's memory limit and `JS_ComputeMemoryUsage` likewise.
//
// The three functions are rewritten to count the size of each allocation's dlmalloc chunk (its
// header word, the word before the pointer, holds the chunk's size in bytes with three flag bits
// below; emscripten's dlmalloc never maps chunks apart), following QuickJS's own code otherwise
// (quickjs.c, "default memory allocation functions with memory limitation"). `js_def_malloc_usable_size`
// keeps returning 0: QuickJS asks it only for spare room at the end of a block, and the rewrite
// changes nothing QuickJS does with memory, only what it counts.
//
// The functions are found through QuickJS's `def_malloc_funcs`, the one struct in the static data
// of four table indexes whose functions have their signatures, with a usable-size function that
// returns 0; the C library's malloc, free and realloc through what those functions call.
import binaryen from 'binaryen';
import { callsOf } from './function-calls.js';

/** JSMallocState's fields in a 32-bit build: malloc_count, malloc_size, malloc_limit. */
const COUNT = 0;
const SIZE = 4;
const LIMIT = 8;
/** dlmalloc's flag bits in a chunk's header word. */
const CHUNK_FLAG_BITS = 7;

/**
 * Rewrites the allocator functions of `m` to count bytes; false (and `m` unchanged) when
 * `def_malloc_funcs` or the C library's functions are not found as expected.
 */
export function countAllocatedBytes(m) {
  const found = defaultMallocFunctions(m);
  if (found === undefined) return false;
  const libc = libcFunctions(m, found);
  if (libc === undefined) return false;
  const { i32, none } = binaryen;
  const get = (index) => m.local.get(index, i32);
  const field = (offset) => m.i32.load(offset, 4, get(0));
  const setField = (offset, value) => m.i32.store(offset, 4, get(0), value);
  const chunkBytes = (pointer) => m.call('qk6_chunk_bytes', [pointer], i32);

  // The size of the dlmalloc chunk `pointer` was allocated in, header included.
  m.addFunction('qk6_chunk_bytes', i32, i32, [], m.i32.and(m.i32.load(0, 4, m.i32.sub(get(0), m.i32.const(4))), m.i32.const(~CHUNK_FLAG_BITS)));

  // js_def_malloc(s, size): (size 0 is never asked for; QuickJS asserts it)
  //   if (s->malloc_size + size > s->malloc_limit) return NULL;
  //   ptr = malloc(size); if (!ptr) return NULL;
  //   s->malloc_count++; s->malloc_size += chunk bytes; return ptr;
  const PTR = 2;
  replaceFunction(m, found.malloc, [i32, i32], i32, [i32], [
    m.if(m.i32.gt_u(m.i32.add(field(SIZE), get(1)), field(LIMIT)), m.return(m.i32.const(0))),
    m.local.set(PTR, m.call(libc.malloc, [get(1)], i32)),
    m.if(m.i32.eqz(get(PTR)), m.return(m.i32.const(0))),
    setField(COUNT, m.i32.add(field(COUNT), m.i32.const(1))),
    setField(SIZE, m.i32.add(field(SIZE), chunkBytes(get(PTR)))),
    m.return(get(PTR)),
  ]);

  // js_def_free(s, ptr):
  //   if (!ptr) return; s->malloc_count--; s->malloc_size -= chunk bytes; free(ptr);
  replaceFunction(m, found.free, [i32, i32], none, [], [
    m.if(m.i32.eqz(get(1)), m.return()),
    setField(COUNT, m.i32.sub(field(COUNT), m.i32.const(1))),
    setField(SIZE, m.i32.sub(field(SIZE), chunkBytes(get(1)))),
    m.call(libc.free, [get(1)], none),
  ]);

  // js_def_realloc(s, ptr, size):
  //   if (!ptr) return size ? js_def_malloc(s, size) : NULL;
  //   old = chunk bytes of ptr;
  //   if (!size) { s->malloc_count--; s->malloc_size -= old; free(ptr); return NULL; }
  //   if (s->malloc_size + size - old > s->malloc_limit) return NULL;
  //   ptr = realloc(ptr, size); if (!ptr) return NULL;
  //   s->malloc_size += chunk bytes of ptr - old; return ptr;
  const OLD = 3;
  const NEW = 4;
  replaceFunction(m, found.realloc, [i32, i32, i32], i32, [i32, i32], [
    m.if(m.i32.eqz(get(1)), m.return(m.if(m.i32.eqz(get(2)), m.i32.const(0), m.call(found.malloc, [get(0), get(2)], i32)))),
    m.local.set(OLD, chunkBytes(get(1))),
    m.if(
      m.i32.eqz(get(2)),
      m.block(null, [
        setField(COUNT, m.i32.sub(field(COUNT), m.i32.const(1))),
        setField(SIZE, m.i32.sub(field(SIZE), get(OLD))),
        m.call(libc.free, [get(1)], none),
        m.return(m.i32.const(0)),
      ]),
    ),
    m.if(m.i32.gt_u(m.i32.sub(m.i32.add(field(SIZE), get(2)), get(OLD)), field(LIMIT)), m.return(m.i32.const(0))),
    m.local.set(NEW, m.call(libc.realloc, [get(1), get(2)], i32)),
    m.if(m.i32.eqz(get(NEW)), m.return(m.i32.const(0))),
    setField(SIZE, m.i32.sub(m.i32.add(field(SIZE), chunkBytes(get(NEW))), get(OLD))),
    m.return(get(NEW)),
  ]);
  return true;
}

/** Replaces function `name` with one of the same name and signature running `statements`. */
function replaceFunction(m, name, params, results, vars, statements) {
  m.removeFunction(name);
  m.addFunction(name, binaryen.createType(params), results, vars, m.block(null, statements, binaryen.auto));
}

/** The binaryen names of js_def_malloc, js_def_free and js_def_realloc, or undefined. */
function defaultMallocFunctions(m) {
  const B = binaryen;
  const table = [];
  for (let index = 0; index < m.getNumElementSegments(); index++) {
    const segment = B.getElementSegmentInfo(m.getElementSegmentByIndex(index));
    const offset = B.getExpressionInfo(segment.offset);
    if (offset.id !== B.ConstId) return undefined;
    segment.data.forEach((name, at) => (table[offset.value + at] = name));
  }
  const signature = (name) => {
    const info = B.getFunctionInfo(m.getFunction(name));
    return `${B.expandType(info.params).join(',')}->${info.results}`;
  };
  const wanted = [`${B.i32},${B.i32}->${B.i32}`, `${B.i32},${B.i32}->${B.none}`, `${B.i32},${B.i32},${B.i32}->${B.i32}`, `${B.i32}->${B.i32}`];
  const returnsZero = (name) => {
    const body = B.getExpressionInfo(B.getFunctionInfo(m.getFunction(name)).body);
    return body.id === B.ConstId && body.value === 0;
  };
  const matches = [];
  for (let index = 0; index < m.getNumDataSegments(); index++) {
    const segment = m.getDataSegmentInfo(m.getDataSegmentByIndex(index));
    const start = segment.offset ?? 0; // where it lies in memory (null when passive)
    const data = new DataView(segment.data);
    for (let at = (4 - (start % 4)) % 4; at + 16 <= data.byteLength; at += 4) {
      const names = [0, 1, 2, 3].map((field) => table[data.getUint32(at + 4 * field, true)]);
      if (names.every((name, field) => name !== undefined && signature(name) === wanted[field]) && returnsZero(names[3])) matches.push(names);
    }
  }
  if (matches.length !== 1) return undefined;
  const [malloc, free, realloc] = matches[0];
  return { malloc, free, realloc };
}

/** malloc, free and realloc: what js_def_malloc, js_def_free and js_def_realloc call. */
function libcFunctions(m, found) {
  const own = (name) => binaryen.getFunctionInfo(m.getFunction(name)).module === '';
  const callees = (name) => [...callsOf(m, name).keys()].filter(own);
  const [malloc, ...otherMallocCalls] = callees(found.malloc);
  const [free, ...otherFreeCalls] = callees(found.free);
  const realloc = callees(found.realloc).filter((name) => name !== found.malloc && name !== free);
  if (malloc === undefined || free === undefined || otherMallocCalls.length > 0 || otherFreeCalls.length > 0 || realloc.length !== 1) return undefined;
  return { malloc, free, realloc: realloc[0] };
}
