/**
 * A compiled module, written out of one engine and read into another: an engine template compiles
 * qk6's runtime modules and the script's once and reads the result into its other engines, which
 * then only link and evaluate them (engine-template.ts). Compiling those modules took ~8 ms an
 * engine once V8 had optimised QuickJS's parser, and up to ~40 ms before; evaluating them ~1 ms.
 *
 * QuickJS's JS_WriteObject and JS_ReadObject with their bytecode flag, through exports the derived
 * binaries gain at build time (scripts/module-bytecode-exports.js). A module read this way is
 * registered under its name, unlinked, as one QuickJS has just compiled: an import of that name
 * then finds it and the module loader is not asked. QuickJS does not verify bytecode, so only what
 * an engine of this process wrote is ever read: nothing a script or a file supplies.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import { contextPointer, resultOf } from './call-async.js';

/** The derived binary's exports: (ctx, JSValue*) → JSValue*, an ArrayBuffer or the value read. */
export interface BytecodeExports {
  readonly write: (ctx: number, value: number) => number;
  readonly read: (ctx: number, arrayBuffer: number) => number;
}

/** The instance's bytecode exports; undefined in a build without them. */
export function bytecodeExportsOf(exports: WebAssembly.Exports): BytecodeExports | undefined {
  const { qk6_write_bytecode: write, qk6_read_bytecode: read } = exports;
  return typeof write === 'function' && typeof read === 'function' ? { write: write as BytecodeExports['write'], read: read as BytecodeExports['read'] } : undefined;
}

/** Reads and writes compiled modules in one engine. */
export interface ModuleBytecode {
  /** The bytecode of `module` (a compiled module not yet linked); undefined when QuickJS refuses it. */
  write(module: QuickJSHandle): ArrayBuffer | undefined;
  /** Reads module `name`, which `write` made in an engine of the same build; false when QuickJS refuses it. */
  read(name: string, bytecode: ArrayBuffer): boolean;
}

/** `context`'s {@link ModuleBytecode}; `loaded` hears of each module read. */
export function moduleBytecode(context: QuickJSContext, exports: BytecodeExports, loaded: (name: string) => void): ModuleBytecode {
  return {
    write(module) {
      const result = resultOf(context, exports.write(contextPointer(context), module.value as number));
      if (result.error !== undefined) {
        result.error.dispose();
        return undefined;
      }
      const buffer = context.getArrayBuffer(result.value);
      try {
        return buffer.value.slice().buffer as ArrayBuffer;
      } finally {
        buffer.dispose();
        result.value.dispose();
      }
    },
    read(name, bytecode) {
      const buffer = context.newArrayBuffer(bytecode);
      try {
        const result = resultOf(context, exports.read(contextPointer(context), buffer.value as number));
        (result.error ?? result.value).dispose();
        if (result.error !== undefined) return false;
        loaded(name);
        return true;
      } finally {
        buffer.dispose();
      }
    },
  };
}
