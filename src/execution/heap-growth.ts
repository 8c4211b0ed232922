/**
 * How far V8 lets a `qk6 run` heap grow past its live size before a full garbage collection.
 *
 * V8 picks that factor itself, up to 4× for a heap it finds cheap to collect, and a load test's
 * heaps are cheap: with 1000 VUs a worker's heap swung between ~75 MB live and ~200 MB before each
 * full collection, and that garbage was a fifth of the run's peak memory. Capped at 2× (Go's
 * default, GOGC=100, which k6 runs with) the same 10 s, 1000-VU run peaked at 811–838 MB instead
 * of 921–1019 MB, with as many requests (five alternated pairs). Capped at 1.5× it peaks 60–80 MB
 * lower again (755–769 MB against 818–839 MB, two alternated pairs) for the same GC time (66
 * instead of 59 full collections, 3.28 s of pauses against 3.33 s), with the same requests per
 * second at 100 and 1000 VUs and the same VU start-up.
 *
 * V8 reads the flag at each collection, so setting it at start-up reaches every thread the run
 * creates afterwards. This module imports nothing of qk6's: bin/qk6.js calls it before the first
 * worker starts.
 */
import { setFlagsFromString } from 'node:v8';

/** The heap may grow by this percentage of its live size between full collections. */
const HEAP_GROWING_PERCENT = 50;

export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
