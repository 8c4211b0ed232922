/**
 * Go's `strconv.ParseFloat(s, 64)` for the forms threshold expressions use, with Go's error text,
 * so threshold messages read exactly like k6's.
 */

const DECIMAL = /^[+-]?(?:\d+(?:_\d+)*\.?(?:\d+(?:_\d+)*)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+)?$/;
const HEX = /^[+-]?0[xX](?:[0-9a-fA-F_]+\.?[0-9a-fA-F_]*|\.[0-9a-fA-F_]+)[pP][+-]?\d+$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/** Result of {@link parseGoFloat}: the number, or Go's error message. */
export type GoFloatResult = { ok: true; value: number } | { ok: false; error: string };

/** Parses like Go `strconv.ParseFloat(s, 64)`; errors read `strconv.ParseFloat: parsing "x": invalid syntax`. */
export function parseGoFloat(s: string): GoFloatResult {
  const fail = (reason: string): GoFloatResult => ({
    ok: false,
    error: `strconv.ParseFloat: parsing ${JSON.stringify(s)}: ${reason}`,
  });
  const special = SPECIAL.exec(s);
  if (special !== null) {
    if ((special[2] ?? '').toLowerCase() === 'nan') return special[1] === '' ? { ok: true, value: Number.NaN } : fail('invalid syntax');
    return { ok: true, value: special[1] === '-' ? -Infinity : Infinity };
  }
  let value: number;
  if (DECIMAL.test(s)) {
    // Go allows underscores only after a base prefix.
    if (s.includes('_')) return fail('invalid syntax');
    value = Number(s);
  } else if (HEX.test(s)) {
    value = parseHexFloat(s.replaceAll('_', ''));
  } else {
    return fail('invalid syntax');
  }
  if (!Number.isFinite(value)) return fail('value out of range');
  return { ok: true, value };
}

function parseHexFloat(s: string): number {
  const negative = s.startsWith('-');
  const body = s.replace(/^[+-]?0[xX]/, '');
  const [mantissa = '', exponent = '0'] = body.split(/[pP]/);
  const [intPart = '', fracPart = ''] = mantissa.split('.');
  let value = intPart === '' ? 0 : Number.parseInt(intPart, 16);
  for (let i = 0; i < fracPart.length; i++) value += Number.parseInt(fracPart[i] ?? '0', 16) / 16 ** (i + 1);
  value *= 2 ** Number(exponent);
  return negative ? -value : value;
}
