import { describe, expect, it } from 'vitest';
import { WasmReader } from '../../../src/vu/wasm-reader.js';

describe('WasmReader', () => {
  it.each([
    [[0x00], 0],
    [[0x7f], -1],
    [[0x80, 0x7f], -128],
    [[0xd0, 0xa6, 0x05], 86_864],
    [[0xe0, 0xc0, 0xc5, 0x02], 5_333_088],
    [[0xff, 0xff, 0xff, 0xff, 0x07], 2_147_483_647],
    [[0x80, 0x80, 0x80, 0x80, 0x78], -2_147_483_648],
  ])('reads the signed LEB128 %j as %i and stops after it', (bytes, value) => {
    const reader = new WasmReader(Uint8Array.from([...bytes, 0x0b]));
    expect(reader.signed32()).toBe(value);
    expect(reader.byte()).toBe(0x0b);
  });

  it('reads unsigned LEB128 numbers past 32 bits, and says when the binary ends', () => {
    const reader = new WasmReader(Uint8Array.from([0xe5, 0x8e, 0x26, 0x80, 0x80, 0x80, 0x80, 0x10]));
    expect(reader.unsigned()).toBe(624_485);
    expect(reader.unsigned()).toBe(2 ** 32);
    expect(() => reader.byte()).toThrow(RangeError);
  });

  it('moves to the contents of the first section with an id, past the others, and says when there is none', () => {
    const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    // A type section of 2 bytes, then an import section of 1 byte (an import count of 0).
    const reader = new WasmReader(Uint8Array.from([...header, 0x01, 0x02, 0xaa, 0xbb, 0x02, 0x01, 0x00]));
    expect(reader.toSection(2)).toBe(true);
    expect(reader.position).toBe(14);
    expect(reader.unsigned()).toBe(0);
    expect(reader.toSection(1)).toBe(true);
    expect(reader.position).toBe(10);
    expect(reader.toSection(11)).toBe(false);
  });
});
