// @ts-check
// k6's argument conversions for byte-oriented functions (k6 js/common/util.go ToBytes), shared by
// k6/encoding and k6/crypto: which values count as bytes, how other values are named in k6's
// "invalid type" messages (Go's %T of the exported value), and k6's GoError.

const GO_SLICE_TYPES = /** @type {Record<string, string>} */ ({
  Int8Array: '[]int8',
  Int16Array: '[]int16',
  Uint16Array: '[]uint16',
  Int32Array: '[]int32',
  Uint32Array: '[]uint32',
  Float32Array: '[]float32',
  Float64Array: '[]float64',
  BigInt64Array: '[]int64',
  BigUint64Array: '[]uint64',
});

/** Go's `%T` of what sobek exports for `value`. @param {unknown} value */
export function goTypeName(value) {
  if (value === undefined || value === null) return '<nil>';
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? 'int64' : 'float64';
    case 'bigint':
      return '*big.Int';
    case 'string':
      return 'string';
    case 'function':
      return 'func(sobek.FunctionCall) sobek.Value';
    case 'symbol':
      return '*sobek.Symbol';
    default:
      break;
  }
  if (Array.isArray(value)) return '[]interface {}';
  if (value instanceof Date) return 'time.Time';
  if (ArrayBuffer.isView(value)) return GO_SLICE_TYPES[value.constructor.name] ?? '*sobek.Object';
  return 'map[string]interface {}';
}

/** An Error named GoError, as k6 throws for errors returned by its Go modules. @param {string} message */
export function goError(message) {
  const error = new Error(message);
  error.name = 'GoError';
  return error;
}

/**
 * k6's ToBytes: a string stays text (sent as UTF-8), an ArrayBuffer or a Uint8Array (sobek exports
 * it as []byte) becomes an ArrayBuffer of exactly its bytes; anything else throws k6's error.
 * @param {unknown} value @returns {string | ArrayBuffer}
 */
export function toBinaryInput(value) {
  if (typeof value === 'string') return value;
  if (value instanceof ArrayBuffer) return value;
  if (value instanceof Uint8Array || value instanceof Uint8ClampedArray) {
    return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
  }
  throw goError(`invalid type ${goTypeName(value)}, expected string, []byte or ArrayBuffer`);
}

/** How sobek turns an argument into a Go string: undefined and null are "". @param {unknown} value */
export function goString(value) {
  return value === undefined || value === null ? '' : String(value);
}
