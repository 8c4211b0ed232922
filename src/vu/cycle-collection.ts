/**
 * When QuickJS collects a VU's garbage cycles: between iterations, once they have added up.
 *
 * QuickJS frees most objects by reference counting. Garbage in a cycle (an object whose method
 * closes over it, a class with arrow-function fields, a tree with parent links) waits for the
 * cycle collector, which runs when the runtime's counted allocation size passes its threshold:
 * 256 KiB at first, then 1.5× the counted size after each collection. This build counts 8 bytes
 * per allocation (`js_def_malloc_usable_size` is 0 under emscripten), so the first collection came
 * after ~32,000 allocations: a script that left two small cycles per iteration grew each VU's
 * memory from ~300 KiB to ~2 MiB touched before it (2 GB at 1000 VUs), and the pages stay.
 *
 * So the host decides, between iterations, when nothing of an iteration is alive any more: once
 * the VU holds {@link GROWTH} more allocations than after its last collection, or the host has
 * answered {@link HANDED_BYTES} into it since (a count of allocations cannot see a cycle that
 * keeps a 16 KiB response body: such a script still grew each VU to ~12 MiB on the count alone),
 * the threshold goes to 0, and QuickJS collects at its next allocation. Otherwise the threshold
 * is twice what the VU holds (at least the starting 256 KiB): QuickJS still collects by itself
 * inside an iteration that runs away, but not because an iteration holds many short-lived
 * objects for a while.
 *
 * quickjs-emscripten exports neither `JS_SetGCThreshold` nor `JS_RunGC`. The fields are found in
 * JSRuntime: the allocation count is the word whose next word, the counted size, is 8 times it,
 * and the threshold is the word that holds 256 KiB in a runtime that has not collected yet. Both are
 * confirmed once per thread by a collection the threshold triggers; when that fails, QuickJS keeps
 * its own schedule.
 */
import type { QuickJSContext } from 'quickjs-emscripten';
import { bytesHandedTo } from './raw-host-call.js';
import { probe, runtimeWords, type RuntimeEngine } from './runtime-fields.js';

/** What of an engine the fields are found and set through. */
type CollectableEngine = RuntimeEngine & { readonly context: QuickJSContext };

/** Bytes this build counts per allocation (QuickJS's MALLOC_OVERHEAD, with a usable size of 0). */
const COUNTED_BYTES = 8;
/** QuickJS's first threshold, in counted bytes. */
const FIRST_THRESHOLD = 256 * 1024;
/** Allocations a VU may gain between iterations before it collects: ~100 KiB of small objects. */
const GROWTH = 2000;
/**
 * Bytes the host may answer into a VU between collections. A collection of a VU's ~3,000
 * allocations takes ~0.1 ms: with 16 KiB bodies, once every 64 iterations.
 */
const HANDED_BYTES = 1024 * 1024;

interface FieldOffsets {
  /** Word index of `malloc_state.malloc_count`; the counted size is the next word. */
  readonly count: number;
  /** Word index of `malloc_gc_threshold`. */
  readonly threshold: number;
}

/** Undefined until learnt, null when they could not be confirmed. */
let offsets: FieldOffsets | null | undefined;

/**
 * Finds and confirms the fields, once per thread. Call it with an engine that is set up and has
 * never collected (it evaluates a probe there, which makes it collect once).
 */
export function learnCycleCollectionFields(engine: CollectableEngine): void {
  if (offsets !== undefined) return;
  const found = candidateOffsets(engine);
  offsets = found !== undefined && collectsWhenTold(engine, found) ? found : null;
}

/**
 * A VU's schedule of collections. {@link settle} after each iteration (and after init) and before
 * its engine runs the next.
 */
export class CycleCollection {
  /** Allocations the VU held after its last collection (or when it was first settled). */
  private baseline: number | undefined;
  /** {@link bytesHandedTo} the VU then. */
  private handedAtBaseline = 0;
  private requested = false;

  constructor(readonly engine: CollectableEngine) {}

  settle(): void {
    if (offsets === undefined || offsets === null) return;
    const words = runtimeWords(this.engine);
    const held = words[offsets.count] ?? 0;
    const handed = bytesHandedTo(this.engine.context);
    if (this.baseline === undefined || (this.requested && words[offsets.threshold] !== 0)) {
      // First settled, or QuickJS has collected since it was told to: what it holds now lives.
      this.requested = false;
      this.baseline = held;
      this.handedAtBaseline = handed;
    }
    if (held >= this.baseline + GROWTH || handed >= this.handedAtBaseline + HANDED_BYTES) {
      words[offsets.threshold] = 0;
      this.requested = true;
    } else if (!this.requested) {
      words[offsets.threshold] = Math.max(FIRST_THRESHOLD, 2 * held * COUNTED_BYTES);
    }
  }
}

function candidateOffsets(engine: CollectableEngine): FieldOffsets | undefined {
  const words = runtimeWords(engine);
  const count = words.findIndex((value, index) => value > 0 && words[index + 1] === value * COUNTED_BYTES);
  const threshold = words.indexOf(FIRST_THRESHOLD, count + 2);
  return count < 0 || threshold < 0 ? undefined : { count, threshold };
}

/** Whether a zero threshold makes QuickJS collect at the next allocation and set 1.5× the counted size. */
function collectsWhenTold(engine: CollectableEngine, found: FieldOffsets): boolean {
  runtimeWords(engine)[found.threshold] = 0;
  probe(engine.context, '[[]]'); // any allocation
  const words = runtimeWords(engine);
  const expected = 1.5 * (words[found.count + 1] ?? 0); // what QuickJS set, give or take the probe's own allocations
  const threshold = words[found.threshold] ?? 0;
  words[found.threshold] = FIRST_THRESHOLD;
  return threshold > 0 && Math.abs(threshold - expected) < expected / 10;
}
