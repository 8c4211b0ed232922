// Build helper for build-suspending-quickjs.js: optimises the derived QuickJS binary for speed.
//
// quickjs-emscripten builds its release variants with `-Oz`, for size: LLVM inlined little, so
// QuickJS's interpreter calls its small helpers (reference counting, property and shape lookups)
// instead of running them in place. binaryen's `-O3`, with its inlining limits raised from 2 and
// 20 instructions to 20 and 100, inlines them again. Measured on this build, a VU looping over
// object, array, JSON and Map work (1,308–1,334 → 1,524–1,544 iterations/s), `JSON.parse` of an
// 8.6 KB document (226–228 → 200 µs) and `JSON.stringify` of it (272–273 → 239–243 µs) run 12–16 %
// faster, the binary is 13 % bigger and a run peaks ~5 MB higher (V8's code for it); the request
// path at 100 and 1000 VUs and the start-up of 1000 VUs stay the same. Limits of 10 and 50 gave
// 9–12 %; 30 and 50 5–7 % more than these (649 KB), but a run of 1 VU started 30–50 ms later, V8
// compiling the bigger functions while QuickJS is cold; 30 and 200 up to 27 % on the loop, for a
// binary twice the size that peaked 25–30 MB higher. The asyncify build gains only 2–3 % (its
// instrumentation stands between the calls), so it is left as built.
import binaryen from 'binaryen';

/** How many instructions a function may have to be inlined everywhere / where the optimiser finds it pays. */
const ALWAYS_INLINE_MAX_SIZE = 20;
const FLEXIBLE_INLINE_MAX_SIZE = 100;

/** `binary` optimised with binaryen's -O3 and the raised inlining limits; `features` are the module's. */
export function optimizeForSpeed(binary, features) {
  const m = binaryen.readBinary(binary);
  try {
    m.setFeatures(features);
    binaryen.setOptimizeLevel(3);
    binaryen.setShrinkLevel(0);
    binaryen.setAlwaysInlineMaxSize(ALWAYS_INLINE_MAX_SIZE);
    binaryen.setFlexibleInlineMaxSize(FLEXIBLE_INLINE_MAX_SIZE);
    m.optimize();
    if (!m.validate()) throw new Error('optimize-for-speed: the optimised module does not validate');
    return m.emitBinary();
  } finally {
    m.dispose();
  }
}
