/**
 * qk6's runtime modules are compiled without their source text and debug information.
 *
 * QuickJS keeps the text of every function it compiles, for `Function.prototype.toString`, and a
 * function nested in another keeps its own copy of the part its parent already holds. For the
 * runtime modules an engine template evaluates (engine-template.ts) that text was 20 KB of every
 * VU's memory: 5 of the 47 heap pages each copy is given, measured. Compiled with QuickJS's
 * `JS_STRIP_SOURCE`, those functions print as `function get() {\n    [native code]\n}`, as k6's
 * own functions (written in Go) do. `JS_STRIP_DEBUG` also drops each function's line table, file
 * name and local variable names: 7.4 KB of the 129 KB a VU of `http.get` and `check` holds once
 * its runtime modules are evaluated (a template copy for sixteen such VUs: 626 pages instead of
 * 660, measured). Their frames in a stack trace read `at check`, without a position; qk6's own
 * error texts show only the script's frames anyway (script-error.ts). A script's own modules, and
 * code it evaluates, keep their text and positions.
 *
 * The flag is the runtime's, read when QuickJS starts compiling a function. The module loader
 * (vu-engine.ts) sets it for each module it hands QuickJS, which compiles that module at once, and
 * the normalizer clears it: QuickJS normalizes a module's imports right after compiling it. A
 * runtime module gets one import more at its end ({@link endingInImport}), so that the flag is
 * cleared even after one that imports nothing — else it stayed on after a script's
 * `await import('k6/http')`, and the script's next `new Function` lost its text.
 *
 * quickjs-emscripten exports no `JS_SetStripInfo`, so the flag is written where that function
 * writes it: `JSRuntime.strip_flags`, the word right before the shape hash's size in bits and its
 * size (`1 << bits`), a pair nothing else in the runtime looks like. A thread's first engine
 * confirms the place by the flag's effect ({@link learnStripFlag}); until then, and
 * when the place is not confirmed, nothing is stripped.
 */
import type { QuickJSContext } from 'quickjs-emscripten';
import { INTERNAL_MODULE } from './module-resolver.js';
import { probe, runtimeWords, type RuntimeEngine } from './runtime-fields.js';

/** QuickJS's JS_STRIP_SOURCE: the flags' byte is the low byte of their word (the rest is padding). */
const STRIP_SOURCE = 1;
/** QuickJS's JS_STRIP_DEBUG, which implies JS_STRIP_SOURCE. */
const STRIP_DEBUG = 2;
const PROBE_BODY = 'qk6 strip probe';
const PROBE = `(function qk6StripProbe() { return ${JSON.stringify(PROBE_BODY)}; }).toString()`;

/**
 * The flag's word in JSRuntime: undefined until learnt, null when it could not be confirmed. The
 * asyncify and the stack-switched builds compile the same C, so one place serves both.
 */
let stripFlagWord: number | null | undefined;

/**
 * Finds and confirms where QuickJS keeps the flag, once per thread. Call it with an engine that is
 * set up and has loaded no module yet: it evaluates two probes there.
 */
export function learnStripFlag(engine: RuntimeEngine & { readonly context: QuickJSContext }): void {
  if (stripFlagWord !== undefined) return;
  const word = candidateWord(engine);
  stripFlagWord = word !== undefined && stripsSource(engine, word) ? word : null;
}

/** Turns stripping (source and debug information) on or off in `engine`'s runtime (nothing, while the flag is unknown). */
export function stripCompiledCode(engine: RuntimeEngine, on: boolean): void {
  if (stripFlagWord === undefined || stripFlagWord === null) return;
  runtimeWords(engine)[stripFlagWord] = on ? STRIP_SOURCE | STRIP_DEBUG : 0;
}

/**
 * A runtime module's source with an import of `qk6:internal` appended (a no-op: that module is
 * always loaded first), so that QuickJS calls the normalizer right after compiling it.
 * `qk6:internal` itself is loaded only by a VU's or a template's preload, and only qk6's own code
 * is compiled before the next import clears the flag.
 */
export function endingInImport(name: string, source: string): string {
  return name === INTERNAL_MODULE ? source : `${source}\nimport 'qk6:internal';\n`;
}

/** The zero word before the shape hash's (bits, 1 << bits) pair; undefined when there is none. */
function candidateWord(engine: RuntimeEngine): number | undefined {
  const words = runtimeWords(engine);
  for (let index = 1; index + 1 < words.length; index++) {
    const bits = words[index] ?? 0;
    if (bits >= 1 && bits <= 30 && words[index + 1] === 1 << bits && words[index - 1] === 0) return index - 1;
  }
  return undefined;
}

/** Whether setting word `word` makes QuickJS drop a function's text, and clearing it keeps it. */
function stripsSource(engine: RuntimeEngine & { readonly context: QuickJSContext }, word: number): boolean {
  runtimeWords(engine)[word] = STRIP_SOURCE;
  const stripped = probe(engine.context, PROBE);
  runtimeWords(engine)[word] = 0;
  const kept = probe(engine.context, PROBE);
  return stripped !== undefined && !stripped.includes(PROBE_BODY) && kept?.includes(PROBE_BODY) === true;
}
