import { describe, expect, it } from 'vitest';
import { withMinimumMemory } from '../../../src/vu/wasm-memory-import.js';

/** A WebAssembly binary importing a function, a global and then a memory of at least 256 pages (at most 32768). */
function binaryWithMemoryImport(): Uint8Array {
  const name = (text: string): number[] => [text.length, ...Buffer.from(text)];
  const section = (id: number, body: number[]): number[] => [id, body.length, ...body];
  const types = section(1, [1, 0x60, 0, 0]); // one type: () -> ()
  const imports = section(2, [
    3,
    ...name('env'), ...name('f'), 0, 0, // function of type 0
    ...name('env'), ...name('g'), 3, 0x7f, 0, // immutable i32 global
    ...name('env'), ...name('memory'), 2, 1, 0x80, 0x02, 0x80, 0x80, 0x02, // memory: min 256, max 32768
  ]);
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...imports]);
}

function imports(pages: number): WebAssembly.Imports {
  return { env: { f: () => undefined, g: new WebAssembly.Global({ value: 'i32', mutable: false }, 0), memory: new WebAssembly.Memory({ initial: pages, maximum: 32768 }) } };
}

describe('withMinimumMemory', () => {
  it('lowers the declared minimum in place, so a smaller memory is accepted', async () => {
    const original = binaryWithMemoryImport();
    await expect(WebAssembly.instantiate(original, imports(96))).rejects.toThrow(/smaller than initial 256/);
    const patched = withMinimumMemory(original, 96);
    expect(patched?.length).toBe(original.length);
    await expect(WebAssembly.instantiate(patched as Uint8Array<ArrayBuffer>, imports(96))).resolves.toBeDefined();
    await expect(WebAssembly.instantiate(patched as Uint8Array<ArrayBuffer>, imports(95))).rejects.toThrow(/smaller than initial 96/);
    expect(original[original.length - 5]).toBe(0x80); // the input is not modified
  });

  it('refuses what it cannot write in the original bytes, and binaries without a memory import', () => {
    expect(withMinimumMemory(binaryWithMemoryImport(), 2 ** 14)).toBeUndefined(); // needs a third LEB128 byte
    expect(withMinimumMemory(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), 96)).toBeUndefined();
  });
});
