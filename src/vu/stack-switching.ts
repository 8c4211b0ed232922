/**
 * V8's WebAssembly stack switching (JSPI), which lets VUs run the faster sync QuickJS build
 * (suspending-engine.ts), and the Node options that turn it on.
 *
 * Only Node 20's V8 (11.x) is switched on: its experimental API (`WebAssembly.Function` with
 * `suspending`/`promising: 'first'`) is the one qk6 speaks; newer V8s renamed the flag and changed
 * the API, and their VUs keep the asyncify build (a thread that finds no usable API falls back by
 * itself). The flag must be on from the process's start: set at run time with `v8.setFlagsFromString`,
 * it reaches new worker threads but crashes the thread that was already running (measured: a
 * segmentation fault in the main thread's asyncify VUs, even when their WebAssembly was compiled
 * after the flag was set; undici's HTTP parser is WebAssembly too). So `qk6 run` relaunches
 * Node with it (src/cli/relaunch.ts), and with {@link WASM_INLINING}.
 *
 * This module imports nothing of qk6's: the launcher loads it before the CLI.
 */

/** Node's option for the experimental API. */
const FLAG = '--experimental-wasm-stack-switching';
const STACK_SIZE_FLAG = '--wasm-stack-switching-stack-size=';
/** V8 11.3's default size of a switched stack, KiB. */
const DEFAULT_STACK_KIB = 984;

/**
 * The size qk6 asks for each VU's own stack, KiB: it plays the part of a worker's native stack for
 * QuickJS's stack limit (vu-engine.ts: 1.25 MiB holds the 192 KiB every thread gets at most with a
 * quarter to spare; 1 MiB, which had held it with ~1.8× to spare, kept under a tenth once the build
 * optimised QuickJS for speed and its interpreter's frames grew). Pages a VU never reaches are
 * never backed by memory, but V8 11.3 charges every stack's whole size as external memory when it
 * makes one, and starts a full collection for every 64 MB of it: 1000 VUs made 55–63 full
 * collections and were ready in 2.4–2.5 s with 4 MiB stacks, 32–33 and 1.8–2.0 s with 2 MiB, 25
 * and 1.64–1.69 s with 1 MiB (four rounds each, alternated, in an earlier state of qk6); later,
 * 1.25 MiB instead of 1 made 22–25 instead of 18–19, ready as soon within the drift (five rounds).
 */
const STACK_KIB = 1280;

/**
 * V8 11.3 inlines WebAssembly functions into their WebAssembly callers only when asked (an
 * experimental option there). QuickJS calls small C functions all the time — reference counting,
 * string and property helpers — and with it TurboFan inlines the hot ones: in a VU, JSON.parse of
 * 16 KiB took 457 → 355 µs and 200 string concatenations 40 → 34 µs, and the bench's `res.json()`
 * row made ~20 % more requests a second at ~18 % less CPU each (three alternated 13-s runs). V8's
 * default inlining budget leaves QuickJS's interpreter loop alone, as far bigger than the budget
 * (`--trace-wasm-inlining`): its stack frames, which bound how deep a script may recurse
 * (vu-engine.ts), stay as they were.
 */
const WASM_INLINING = '--wasm-inlining';

/**
 * The Node options to relaunch with for stack switching, or undefined when this process has it
 * already or its V8 is not one qk6 switches stacks on.
 */
export function stackSwitchingNodeOptions(execArgv: readonly string[], v8Version: string): string[] | undefined {
  if (!/^11\./.test(v8Version) || execArgv.includes(FLAG)) return undefined;
  return [FLAG, `${STACK_SIZE_FLAG}${STACK_KIB}`, WASM_INLINING];
}

/** The size of this process's switched stacks, KiB (its options, or V8's default). */
export function switchedStackKib(execArgv: readonly string[] = process.execArgv): number {
  const option = execArgv.findLast((arg) => arg.startsWith(STACK_SIZE_FLAG));
  const kib = option === undefined ? Number.NaN : Number.parseInt(option.slice(STACK_SIZE_FLAG.length), 10);
  return Number.isFinite(kib) && kib > 0 ? kib : DEFAULT_STACK_KIB;
}
