/**
 * The `emscriptenModule` option a VU's QuickJS glue is made with: one that keeps the glue's
 * Module object in V8's dictionary mode.
 *
 * Why: when its instance is ready, emscripten's glue adds ~80 properties to its Module object,
 * most of them the instance's exported functions. V8 gives objects built the same way one chain
 * of hidden classes, but from the ~16th VU of a thread on, each VU's Module object got hidden
 * classes of its own (measured: every one differed from the one before), and adding the
 * properties took ~0.25 ms per VU, against ~0.01 ms for the same properties in a dictionary-mode
 * object: 300 instances made one after another took 1.44 ms each before, 1.21 ms after.
 *
 * An object goes to dictionary mode when a property other than the last one added is deleted.
 * The glue's Module object is a copy of this option (quickjs-emscripten spreads it), so the
 * deletion happens there: the glue calls `instantiateWasm` as the object's method before it adds
 * the exports. The Module's properties are read a few times per host call (its heap views,
 * malloc) from a dictionary now: 100 VUs cost the same CPU per request, measured.
 */

type InstantiateWasm = (imports: WebAssembly.Imports, onSuccess: (instance: WebAssembly.Instance) => void) => WebAssembly.Exports;

/** The property deleted: the first one, so that it is not the last added. */
const PLACEHOLDER = 'qk6DictionaryMode';

/** The glue's `emscriptenModule` option, with `instantiateWasm` as its instantiation hook. */
export function emscriptenModuleOption(instantiateWasm: InstantiateWasm): { instantiateWasm: InstantiateWasm } {
  const option: Record<string, unknown> & { instantiateWasm: InstantiateWasm } = {
    [PLACEHOLDER]: true,
    instantiateWasm(this: Record<string, unknown> | undefined, imports, onSuccess) {
      if (typeof this === 'object') delete this[PLACEHOLDER];
      return instantiateWasm(imports, onSuccess);
    },
  };
  return option;
}
