/**
 * The bits of Go's `fmt` and k6's `internal/ui/pb` formatting that scenario progress lines and
 * the banner's segment share need, reproduced exactly: `%.Nf` (correct rounding of the exact
 * binary value, exact ties to even — `toFixed` rounds ties up), `%0Nd`/`%0N.Mf` widths, and
 * `pb.GetFixedLengthDuration`.
 */

/** A finite double as an exact fraction `num / 2^shift`. */
function exactBinary(value: number): { num: bigint; shift: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let power: number;
  if (exponent === 0) power = -1074;
  else {
    mantissa |= 1n << 52n;
    power = exponent - 1075;
  }
  const signed = negative ? -mantissa : mantissa;
  return power >= 0 ? { num: signed << BigInt(power), shift: 0n } : { num: signed, shift: BigInt(-power) };
}

/** Go's `strconv.FormatFloat(value, 'f', digits, 64)`, i.e. `fmt`'s `%.<digits>f`. */
export function goFixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  const { num, shift } = exactBinary(value);
  const negative = num < 0n || Object.is(value, -0);
  const magnitude = num < 0n ? -num : num;
  const scaled = magnitude * 10n ** BigInt(digits);
  const denominator = 1n << shift;
  let quotient = scaled / denominator;
  const twiceRemainder = (scaled % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) quotient += 1n;
  const text = quotient.toString().padStart(digits + 1, '0');
  const body = digits > 0 ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  return negative ? `-${body}` : body;
}

/** Width of k6's `pb.GetFixedLengthIntFormat(maxValue)`: the digits of `maxValue`. */
export function fixedIntWidth(maxValue: number): number {
  return String(Math.abs(Math.trunc(maxValue))).length + (maxValue < 0 ? 1 : 0);
}

/** Go's `%0<width>…`: zero padding after the sign. */
function zeroPad(text: string, width: number): string {
  return text.startsWith('-') ? `-${text.slice(1).padStart(width - 1, '0')}` : text.padStart(width, '0');
}

/** `fmt.Sprintf(pb.GetFixedLengthIntFormat(maxValue), value)`: zero-padded to `maxValue`'s width. */
export function fixedLengthInt(value: number, maxValue: number): string {
  return zeroPad(String(value), fixedIntWidth(maxValue));
}

/** `fmt.Sprintf(pb.GetFixedLengthFloatFormat(maxValue, precision), value)`. */
export function fixedLengthFloat(value: number, maxValue: number, precision: number): string {
  let width = 1;
  const magnitude = Math.abs(maxValue);
  if (maxValue < 0) width += 1;
  if (magnitude >= 10) width += Math.trunc(Math.log10(magnitude));
  if (precision > 0) width += precision + 1;
  return zeroPad(goFixed(value, precision), width);
}

/** Go's `time.Duration.Round(multiple)` on integer nanoseconds: halves away from zero. */
function roundNs(ns: bigint, multiple: bigint): bigint {
  const remainder = ns % multiple;
  return remainder + remainder < multiple ? ns - remainder : ns + multiple - remainder;
}

/**
 * k6 `pb.GetFixedLengthDuration(d, maxDuration)`: `d` with one decimal of seconds, as wide as
 * `maxDuration` needs (`4.2s`, `04.2s`, `0m04.2s`, `00m04.2s`, `0h00m04.2s`, …), so the progress
 * line does not jump around. Both in milliseconds.
 */
export function fixedLengthDuration(dMs: number, maxDurationMs: number): string {
  const rounding = 100_000_000n;
  const d = BigInt(Math.round(Math.abs(dMs) * 1e6));
  let max = BigInt(Math.round(Math.abs(maxDurationMs) * 1e6));
  if (max < d) max = d;
  max = roundNs(max, rounding);
  const second = 1_000_000_000n;
  const buf = ['0', '0', '0', '0', '0', '0', 'd', '0', '0', 'h', '0', '0', 'm', '0', '0', '.', '0', 's'];
  const from = (index: number): string => buf.slice(index).join('');
  let u = roundNs(d, rounding) / rounding;
  const digit = (divisor: bigint): string => {
    const result = String(u % divisor);
    u /= divisor;
    return result;
  };
  buf[16] = digit(10n);
  buf[14] = digit(10n);
  if (max < 10n * second) return from(14);
  buf[13] = digit(6n);
  if (max < 60n * second) return from(13);
  buf[11] = digit(10n);
  if (max < 600n * second) return from(11);
  buf[10] = digit(6n);
  if (max < 3600n * second) return from(10);
  const hours = u % 24n;
  u /= 24n;
  buf[7] = String(hours / 10n);
  buf[8] = String(hours % 10n);
  if (max < 36_000n * second) return from(8);
  if (max < 86_400n * second) return from(7);
  buf[5] = digit(10n);
  let remainingDayPowers = max / (240n * 3600n * second);
  let index = 5;
  while (remainingDayPowers > 0n) {
    index -= 1;
    buf[index] = digit(10n);
    remainingDayPowers /= 10n;
  }
  return from(index);
}
