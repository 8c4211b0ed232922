// The slice of the WebAssembly JS API qk6 uses. TypeScript declares WebAssembly only in lib.dom,
// which a Node CLI must not pull in.
declare namespace WebAssembly {
  // eslint-disable-next-line @typescript-eslint/no-extraneous-class
  class Module {
    private constructor();
  }
  function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>;
}
