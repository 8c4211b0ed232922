// Build helper for build-suspending-quickjs.js: optimises the derived QuickJS binary for speed.
//
// quickjs-emscripten builds its release variants with `-Oz`, for size: LLVM inlined little, so
// QuickJS's interpreter calls its small helpers (reference counting, property and shape lookups)
// instead of running them in place. binaryen's `-O3`, with its inlining limits raised from 2 and
// 20 instructions to 30 and 50, inlines them again. Measured on this build, one VU: a loop over
// object, array, JSON and Map work 1,308–1,342 → 1,549–1,623 iterations/s, `JSON.parse` of an
// 8.6 KB document 226–231 → 194–213 µs, `JSON.stringify` of it 272–273 → 225–242 µs; the binary is
// 28 % bigger (649 KB), a run peaks ~5 MB higher (V8's code for it), and the request path at 100
// and 1000 VUs and the start-up of 1000 VUs stay the same. Other limits, measured alike: 20 and 100
// gave 5–7 % less on the loop for a 572 KB binary; 30 and 100, 40 and 100, 30 and 200 little or no more
// than 30 and 50, for 660 KB, 696 KB and a binary twice the size (that one peaked 25–30 MB higher).
// The asyncify build gains only 2–3 % (its instrumentation stands between the calls), so it is
// left as built.
import binaryen from 'binaryen';

/** How many instructions a function may have to be inlined everywhere / where the optimiser finds it pays. */
const ALWAYS_INLINE_MAX_SIZE = 30;
const FLEXIBLE_INLINE_MAX_SIZE = 50;

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
