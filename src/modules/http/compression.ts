/**
 * Request body compression (k6 `compression` param) and response body decompression by
 * `Content-Encoding` (lib/netext/httpext/compression.go). k6 never asks for compression itself
 * (Go's transport runs with DisableCompression) but decodes whatever the server declares.
 *
 * k6-compat: zstd needs Node's zlib zstd support (Node ≥ 22.15); on older Node a zstd request body
 * is refused with a clear error and a zstd response body is returned undecoded.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';

type Codec = (input: Buffer) => Promise<Buffer>;

interface ZstdZlib {
  zstdCompress?: (input: Buffer, callback: (error: Error | null, result: Buffer) => void) => void;
  zstdDecompress?: (input: Buffer, callback: (error: Error | null, result: Buffer) => void) => void;
}

const zstd = zlib as unknown as ZstdZlib;
const compressors: Readonly<Record<string, Codec | undefined>> = {
  gzip: promisify(zlib.gzip),
  deflate: promisify(zlib.deflate),
  br: promisify(zlib.brotliCompress),
  zstd: zstd.zstdCompress === undefined ? undefined : promisify(zstd.zstdCompress),
};
const decompressors: Readonly<Record<string, Codec | undefined>> = {
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
  zstd: zstd.zstdDecompress === undefined ? undefined : promisify(zstd.zstdDecompress),
};

/** k6's compression names, in its order (compression_type_gen.go). */
export const COMPRESSION_TYPES = ['gzip', 'deflate', 'zstd', 'br'] as const;

/** Splits and validates a `compression` param; throws an Error with k6's message for unknown ones. */
export function parseCompression(param: string): string[] {
  const trimmed = param.trim();
  if (trimmed === '') return [];
  return trimmed.split(',').map((raw) => {
    const algo = raw.trim();
    if (!(COMPRESSION_TYPES as readonly string[]).includes(algo)) {
      throw new Error(`unknown compression algorithm ${algo}, supported algorithms are [${COMPRESSION_TYPES.join(' ')}]`);
    }
    if (compressors[algo] === undefined) throw new Error(`compression algorithm ${algo} is not supported by this Node.js version`);
    return algo;
  });
}

/** Applies the algorithms in order; returns the body and its Content-Encoding value. */
export async function compressBody(body: Buffer, algorithms: readonly string[]): Promise<{ body: Buffer; encoding: string }> {
  let result = body;
  for (const algo of algorithms) {
    const codec = compressors[algo];
    if (codec !== undefined) result = await codec(result);
  }
  return { body: result, encoding: algorithms.join(', ') };
}

/** Undoes a response's Content-Encoding list (last applied first); unknown codings are left alone. */
export async function decompressBody(body: Buffer, contentEncoding: string): Promise<Buffer> {
  if (contentEncoding === '' || body.length === 0) return body;
  const encodings = contentEncoding.split(',');
  let result = body;
  for (let i = encodings.length - 1; i >= 0; i -= 1) {
    const codec = decompressors[(encodings[i] ?? '').trim().toLowerCase()];
    if (codec !== undefined) result = await codec(result);
  }
  return result;
}
