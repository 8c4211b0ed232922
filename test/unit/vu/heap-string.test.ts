import { describe, expect, it } from 'vitest';
import { newHeapString, type HeapModule } from '../../../src/vu/heap-string.js';

/** A module whose malloc hands out consecutive addresses in a small memory, like a fresh heap. */
function fakeModule(): HeapModule & { next: number } {
  const module = {
    HEAPU8: new Uint8Array(256).fill(0xee),
    next: 8,
    _malloc(bytes: number): number {
      const ptr = module.next;
      module.next += bytes;
      return ptr;
    },
    _free(): void {},
  };
  return module;
}

function readBack(module: HeapModule, ptr: number): string {
  const end = module.HEAPU8.indexOf(0, ptr);
  return Buffer.from(module.HEAPU8.subarray(ptr, end)).toString('utf8');
}

describe('newHeapString', () => {
  it('writes a string as NUL-terminated UTF-8 of exactly its length', () => {
    const module = fakeModule();
    const { ptr, length } = newHeapString(module, 'é✓😀');
    expect(length).toBe(9);
    expect(module.next - ptr).toBe(10);
    expect(readBack(module, ptr)).toBe('é✓😀');
  });

  it('writes parts one after another, strings encoded and bytes as they are', () => {
    const module = fakeModule();
    const { ptr, length } = newHeapString(module, ['[1]', '\n', Buffer.from('héllo', 'utf8'), '', '✓']);
    expect(length).toBe(3 + 1 + 6 + 3);
    expect(module.HEAPU8[ptr + length]).toBe(0);
    expect(readBack(module, ptr)).toBe('[1]\nhéllo✓');
  });
});
