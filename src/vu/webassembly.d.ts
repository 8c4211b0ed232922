// The slice of the WebAssembly JS API qk6 uses. TypeScript declares WebAssembly only in lib.dom,
// which a Node CLI must not pull in.
declare namespace WebAssembly {
  // eslint-disable-next-line @typescript-eslint/no-extraneous-class
  class Module {
    private constructor();
  }
  function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>;
  /** A linear memory; sizes in 64 KiB pages. */
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
  }
  type Imports = Record<string, Record<string, unknown>>;
  type Exports = Record<string, unknown>;
  /** An instantiated module. */
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  /** A trap in WebAssembly code (unreachable, out-of-bounds access, emscripten abort). */
  class RuntimeError extends Error {}
}
