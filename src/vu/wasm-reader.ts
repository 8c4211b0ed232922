/**
 * Reads a WebAssembly binary's encoding: sections, bytes, LEB128 numbers and names, from
 * `position` on. wasm-memory-import.ts patches the memory import with it at run time, and the build
 * (scripts/shrink-c-stack.js, which imports the compiled dist/vu/wasm-reader.js) a data segment.
 */
export class WasmReader {
  position = 0;

  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    const value = this.bytes[this.position];
    if (value === undefined) throw new RangeError('unexpected end of the WebAssembly binary');
    this.position += 1;
    return value;
  }

  /** An unsigned LEB128 number (section sizes, counts, limits). */
  unsigned(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }

  /** A signed LEB128 number of at most 32 bits (an `i32.const` operand). */
  signed32(): number {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = this.byte();
      result |= (byte & 0x7f) << shift;
      shift += 7;
    } while ((byte & 0x80) !== 0);
    return shift < 32 && (byte & 0x40) !== 0 ? result | (~0 << shift) : result;
  }

  /**
   * Moves to the contents of the binary's first section with `id` (from its start, past the magic
   * and version); false when it has none.
   */
  toSection(id: number): boolean {
    this.position = 8;
    while (this.position < this.bytes.length) {
      const sectionId = this.byte();
      const size = this.unsigned();
      if (sectionId === id) return true;
      this.position += size;
    }
    return false;
  }

  skipName(): void {
    const length = this.unsigned();
    this.position += length;
  }
}
