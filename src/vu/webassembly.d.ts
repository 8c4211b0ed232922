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
  /** A global variable of an instance (an exported one, here). */
  class Global {
    private constructor();
    value: number;
  }
  type Imports = Record<string, Record<string, unknown>>;
  type Exports = Record<string, unknown>;
  /** An instantiated module. */
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  type ValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'externref';
  /**
   * V8's typed function wrapper, here for its experimental stack switching (JSPI as V8 11.x has
   * it: `suspending: 'first'` for an import, `promising: 'first'` for an export; stack-switching.ts).
   */
  class Function {
    constructor(
      type: { parameters: ValueType[]; results: ValueType[] },
      fn: unknown,
      options?: { suspending?: 'first'; promising?: 'first' },
    );
  }
  /** A trap in WebAssembly code (unreachable, out-of-bounds access, emscripten abort). */
  class RuntimeError extends Error {}
}
