/**
 * Host side of `k6/encoding` (k6 internal/js/modules/k6/encoding/encoding.go). The guest checks the
 * input type (k6's `common.ToBytes`) and sends text in the payload, bytes in the bridge buffer.
 *
 * sync
 *   encoding.b64encode  { enc, s? }; buffer = bytes when `s` is absent → base64 text
 *   encoding.b64decode  { enc, s, format } → text when format is "s", else ArrayBuffer; bad input
 *                       throws Go's "illegal base64 data at input byte N" (a GoError, as in k6)
 */
import { BinaryResult, GuestError, type HostModule, type OpInput } from '../../vu/bridge-contract.js';
import { inputBytes, payloadRecord as record } from './op-input.js';
import { goUtf8String } from './go-utf8.js';
import { CorruptInputError, base64Variant, goBase64Decode, goBase64Encode } from './go-base64.js';

function b64encode(_vu: unknown, { payload, buffer }: OpInput): string {
  const p = record(payload, 'encoding.b64encode');
  return goBase64Encode(inputBytes(p, buffer), base64Variant(p.enc));
}

function b64decode(_vu: unknown, { payload }: OpInput): string | BinaryResult {
  const p = record(payload, 'encoding.b64decode');
  const text = typeof p.s === 'string' ? p.s : '';
  let bytes: Uint8Array;
  try {
    bytes = goBase64Decode(Buffer.from(text, 'utf8'), base64Variant(p.enc));
  } catch (error) {
    if (error instanceof CorruptInputError) throw new GuestError(error.message, 'GoError');
    throw error;
  }
  if (p.format === 's') return goUtf8String(bytes);
  return new BinaryResult(bytes);
}

export const encodingModule: HostModule = {
  sync: {
    'encoding.b64encode': b64encode,
    'encoding.b64decode': b64decode,
  },
};
