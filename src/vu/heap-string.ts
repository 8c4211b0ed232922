/**
 * Writes a string into a QuickJS instance's memory as NUL-terminated UTF-8, natively: emscripten's
 * `stringToUTF8` loops over the characters in JavaScript (~10 µs for a 1 KB response).
 *
 * The text may come in parts (strings and UTF-8 bytes), written one after another: joining them
 * first would copy the whole text once more (V8 flattens a concatenated string before encoding it).
 */

/** The parts of an emscripten module a heap string needs. */
export interface HeapModule {
  readonly HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

/** A text as parts; a byte part is valid UTF-8 without a NUL byte. */
export type HeapText = string | readonly (string | Uint8Array)[];

/** `text` in `module`'s memory; the caller frees `ptr` with `module._free`. `length` excludes the NUL. */
export function newHeapString(module: HeapModule, text: HeapText): { ptr: number; length: number } {
  const single = typeof text === 'string';
  let length = 0;
  if (single) length = Buffer.byteLength(text, 'utf8');
  else for (const part of text) length += typeof part === 'string' ? Buffer.byteLength(part, 'utf8') : part.byteLength;
  const ptr = module._malloc(length + 1);
  const heap = module.HEAPU8; // read after malloc: growing the memory replaces it
  const view = Buffer.from(heap.buffer, heap.byteOffset, heap.byteLength);
  let at = ptr;
  if (single) at += view.write(text, at, 'utf8');
  else {
    for (const part of text) {
      if (typeof part === 'string') at += view.write(part, at, 'utf8');
      else {
        view.set(part, at);
        at += part.byteLength;
      }
    }
  }
  view[at] = 0;
  return { ptr, length };
}
