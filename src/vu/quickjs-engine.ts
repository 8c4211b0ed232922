/**
 * Loads QuickJS once per thread: the asyncify WebAssembly is compiled a single time and every VU
 * instantiates its own module from it. One module instance per VU is required because asyncify
 * allows only one suspended call per instance, and each VU suspends independently (DESIGN.md).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  RELEASE_ASYNC,
  newQuickJSAsyncWASMModuleFromVariant,
  newVariant,
  type QuickJSAsyncWASMModule,
} from 'quickjs-emscripten';

const require = createRequire(import.meta.url);

let compiled: Promise<WebAssembly.Module> | undefined;

function compileWasm(): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    const wasmPath = require.resolve('@jitl/quickjs-wasmfile-release-asyncify/wasm');
    return WebAssembly.compile(await readFile(wasmPath));
  })();
  return compiled;
}

/** A fresh QuickJS module instance (its own linear memory), from the shared compiled WebAssembly. */
export async function newQuickJSInstance(): Promise<QuickJSAsyncWASMModule> {
  const wasmModule = await compileWasm();
  return newQuickJSAsyncWASMModuleFromVariant(newVariant(RELEASE_ASYNC, { wasmModule }));
}
