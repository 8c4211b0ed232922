/**
 * Exact rational numbers on BigInt, the subset of Go's `math/big.Rat` that k6's execution segments
 * use: parsing (`Rat.SetString`), arithmetic, comparison, `RatString`, `FloatString` and k6's
 * round-half-up to an integer. Values are always normalised (lowest terms, positive denominator),
 * so structural equality is numeric equality.
 */

/** An immutable, normalised fraction `num/den` with `den > 0`. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** Greatest common divisor of the magnitudes. */
export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** `num/den` in lowest terms; throws on a zero denominator (a bug in the caller, never user input). */
export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  let n = BigInt(num);
  let d = BigInt(den);
  if (d === 0n) throw new RangeError('rational: zero denominator');
  if (d < 0n) [n, d] = [-n, -d];
  const divisor = gcd(n, d);
  return divisor > 1n ? { num: n / divisor, den: d / divisor } : { num: n, den: d };
}

export const ZERO: Rational = { num: 0n, den: 1n };
export const ONE: Rational = { num: 1n, den: 1n };

export function add(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function mul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

/** -1, 0 or 1, like Go's `Rat.Cmp`. */
export function compare(a: Rational, b: Rational): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function equals(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

/** k6 `roundUp`: the nearest integer, halves rounded up (towards +∞ for the non-negative values k6 uses). */
export function roundHalfUp(value: Rational): bigint {
  // Go's QuoRem truncates towards zero; k6 only rounds non-negative values.
  const quotient = value.num / value.den;
  const remainder = value.num % value.den;
  return remainder * 2n >= value.den ? quotient + 1n : quotient;
}

/** Go's `Rat.RatString`: `"a/b"`, or `"a"` when the denominator is 1. */
export function ratString(value: Rational): string {
  return value.den === 1n ? `${value.num}` : `${value.num}/${value.den}`;
}

/** Go's `Rat.FloatString(digits)`: decimal with `digits` places, the last rounded half away from zero. */
export function floatString(value: Rational, digits: number): string {
  const negative = value.num < 0n;
  const magnitude = negative ? -value.num : value.num;
  const scale = 10n ** BigInt(digits);
  let scaled = (magnitude * scale) / value.den;
  if (((magnitude * scale) % value.den) * 2n >= value.den) scaled += 1n;
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(digits, '0');
  const text = digits > 0 ? `${whole}.${fraction}` : `${whole}`;
  return negative && scaled !== 0n ? `-${text}` : text;
}

/** The nearest float64, like Go's `Rat.Float64` for the magnitudes segments use. */
export function toNumber(value: Rational): number {
  return Number(value.num) / Number(value.den);
}

/**
 * Go's base-0 integer syntax (`big.Int.SetString(s, 0)` and the denominator scan of
 * `Rat.SetString`): `0x`/`0o`/`0b` prefixes, a bare leading `0` meaning octal, and `_` only
 * between digits or after a prefix.
 */
function parseBaseZeroInteger(text: string, signed: boolean): bigint | undefined {
  const match = /^([+-]?)(.*)$/.exec(text);
  const sign = match?.[1] ?? '';
  const body = match?.[2] ?? '';
  if (sign !== '' && !signed) return undefined;
  let digits = body;
  let base = 10;
  let prefixed = false;
  const prefix = /^0([xXoObB])/.exec(body);
  if (prefix !== null) {
    base = { x: 16, o: 8, b: 2 }[(prefix[1] ?? '').toLowerCase() as 'x' | 'o' | 'b'];
    digits = body.slice(2);
    prefixed = true;
  } else if (body.length > 1 && body.startsWith('0')) {
    base = 8;
    digits = body.slice(1);
    prefixed = true;
  }
  const digitClass = { 2: '[01]', 8: '[0-7]', 10: '[0-9]', 16: '[0-9a-fA-F]' }[base as 2 | 8 | 10 | 16];
  const pattern = new RegExp(`^${prefixed ? '_?' : ''}${digitClass}+(_${digitClass}+)*$`);
  if (!pattern.test(digits)) return undefined;
  const clean = digits.replaceAll('_', '');
  let value = 0n;
  for (const char of clean) value = value * BigInt(base) + BigInt(Number.parseInt(char, base));
  return sign === '-' ? -value : value;
}

/**
 * Go's `big.Rat.SetString`: a fraction `a/b` (each in Go's base-0 integer syntax, only `a` signed,
 * `b` non-zero) or a decimal number with an optional exponent (`0.5`, `.5`, `5e-1`).
 * k6-compat: Go also reads binary/octal/hex floats (`0x1p-2`); qk6 reads decimal floats only.
 */
export function parseRational(text: string): Rational | undefined {
  if (text.length === 0) return undefined;
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const num = parseBaseZeroInteger(text.slice(0, slash), true);
    const den = parseBaseZeroInteger(text.slice(slash + 1), false);
    if (num === undefined || den === undefined || den === 0n) return undefined;
    return rational(num, den);
  }
  const match = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = '', exponentText] = match;
  if (whole.length === 0 && fraction.length === 0) return undefined;
  let num = BigInt(`${whole}${fraction}` || '0');
  let den = 10n ** BigInt(fraction.length);
  const exponent = exponentText === undefined ? 0 : Number.parseInt(exponentText, 10);
  if (Math.abs(exponent) > 10_000) return undefined;
  if (exponent > 0) num *= 10n ** BigInt(exponent);
  else if (exponent < 0) den *= 10n ** BigInt(-exponent);
  return rational(sign === '-' ? -num : num, den);
}

/** Go's `big.Int.SetString(s, 10)`: an optionally signed run of decimal digits. */
export function parseDecimalInteger(text: string): bigint | undefined {
  return /^[+-]?[0-9]+$/.test(text) ? BigInt(text) : undefined;
}
