/**
 * How V8 collects a `qk6 run`'s heaps: how far one grows past its live size before a full
 * collection, and on which thread a full collection marks.
 *
 * Growth: V8 picks that factor itself, up to 4× for a heap it finds cheap to collect, and a load test's
 * heaps are cheap: with 1000 VUs a worker's heap swung between ~75 MB live and ~200 MB before each
 * full collection, and that garbage was a fifth of the run's peak memory. Capped at 2× (Go's
 * default, GOGC=100, which k6 runs with) the same 10 s, 1000-VU run peaked at 811–838 MB instead
 * of 921–1019 MB, with as many requests (five alternated pairs). Capped at 1.5× it peaks 60–80 MB
 * lower again (755–769 MB against 818–839 MB, two alternated pairs) for the same GC time (66
 * instead of 59 full collections, 3.28 s of pauses against 3.33 s), with the same requests per
 * second at 100 and 1000 VUs and the same VU start-up.
 *
 * A small heap gets a floor as well: V8 starts marking for a full collection as soon as its old
 * generation is closer to that limit than the young generation's size (up to 16 MB a semi-space),
 * so a worker heap of ~15 MB live (100 VUs) was being marked without pause. That costs little
 * while requests leave much garbage — scavenges then free their socket buffers — but a response of
 * 16 KB leaves ~24 KB of JavaScript garbage and ~17 KB of buffer: at 100 VUs on `/json-16k`
 * (bench/target.js) a run made 82–108 full collections in 8 s instead of ~25 for the same run
 * with more garbage. With no full collection below 64 MB of old generation: 11–13, and 14–17 %
 * less CPU per request (three pairs run at the same time). Requests of the bench's 32-byte body
 * cost the same, 100 VUs peak 5–12 MB higher, and 1000 VUs (live heaps above the floor) as much.
 * A floor of 32 MB changed nothing; 128 MB no more than 64.
 *
 * Marking: V8 marks a full collection's live objects on helper threads while the thread runs on
 * (concurrent marking). Starting VUs starts full collections by the dozen: each VU's switched
 * stack and each WebAssembly memory is charged to its heap as external memory, and V8 collects at
 * every 64 MB of it, whatever the heap's size (~12 mark-compacts per worker of 500 VUs, on ~15 MB
 * heaps), while every core is busy making VUs. The helpers then only compete with the workers:
 * marked on the workers themselves, 1000 VUs were initialised in 605–910 ms instead of 792–1172
 * (eight alternated pairs). Under load it is the other way round: left off for the whole run,
 * the bench's 16 KiB JSON row spent 195 → 228 CPU-µs per request (medians of six alternated
 * runs) and 10 VUs peaked 14 MB higher. So a run starts with it off ({@link tuneGarbageCollection})
 * and turns it back on once its VUs are ready ({@link markConcurrently}). V8 itself stops and
 * restarts the helpers in the middle of a marking (around each scavenge), and a marking started
 * without them is taken over by them the same way at its next step.
 *
 * V8 reads the growing factor at each collection, the floor when a thread's heap is set up and
 * the marking flag when a marking starts or steps, so setting them reaches every thread of the
 * run. This module imports nothing of qk6's: bin/qk6.js calls it before the first worker starts.
 */
import { setFlagsFromString } from 'node:v8';

/** The heap may grow by this percentage of its live size between full collections. */
const HEAP_GROWING_PERCENT = 50;
/** No full collection is started below this old-generation size (MB). */
const OLD_GENERATION_FLOOR_MB = 64;
/** V8's option that marks on helper threads (on by default). */
const CONCURRENT_MARKING = 'concurrent-marking';

/** Sets the run's growth limits, and marking on the collecting thread while VUs start. */
export function tuneGarbageCollection(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  setFlagsFromString(`--initial-old-space-size=${OLD_GENERATION_FLOOR_MB}`);
  setFlagsFromString(`--no-${CONCURRENT_MARKING}`);
}

/** Marks on helper threads again, as V8 does by default: the run's VUs are ready. */
export function markConcurrently(): void {
  setFlagsFromString(`--${CONCURRENT_MARKING}`);
}
