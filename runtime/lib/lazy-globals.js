// @ts-check
// Globals whose implementation is compiled on first use (src/vu/runtime-modules.ts says why).
// Each starts as an accessor on globalThis; the first read of any of them loads the module and
// turns every one still untouched into an ordinary data property, so later reads cost nothing.
// Assigning or deleting one before that behaves as it would for a data property.

/** @param {string} name @param {unknown} value */
function defineValue(name, value) {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}

/**
 * @param {readonly string[]} names
 * @param {() => Record<string, unknown>} load the module's exports, by global name
 */
export function defineLazyGlobals(names, load) {
  /** @type {Map<string, () => unknown>} */
  const getters = new Map();
  /** @type {Record<string, unknown> | undefined} */
  let exports;
  let loading = false;
  const materialise = () => {
    if (exports !== undefined) return exports;
    if (loading) throw new Error(`${names.join(', ')} are being loaded and cannot be used yet`);
    loading = true;
    try {
      exports = load();
    } finally {
      loading = false;
    }
    for (const [name, getter] of getters) {
      // Only globals still ours: one the script assigned or deleted stays as the script left it.
      if (Object.getOwnPropertyDescriptor(globalThis, name)?.get === getter) defineValue(name, exports[name]);
    }
    return exports;
  };
  for (const name of names) {
    if (name in globalThis) continue; // a native implementation (a future QuickJS) wins over ours
    const getter = () => materialise()[name];
    getters.set(name, getter);
    Object.defineProperty(globalThis, name, {
      get: getter,
      set: (/** @type {unknown} */ value) => defineValue(name, value),
      configurable: true,
      enumerable: false,
    });
  }
}
