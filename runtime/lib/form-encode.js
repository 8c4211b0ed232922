// @ts-check
// k6's application/x-www-form-urlencoded encoding of an object request body (js/modules/k6/http/
// request.go `handleObjectBody` + Go's url.Values.Encode): keys sorted, each value escaped with
// Go's QueryEscape (space → '+', only A-Z a-z 0-9 - _ . ~ kept), array values repeat the key,
// null/undefined encode as '', nested objects encode as '' with a warning, numbers print like Go's
// %v. Plain JavaScript without imports: evaluated inside QuickJS and unit-tested in Node.

/**
 * Go's url.QueryEscape.
 * @param {string} text
 */
export function queryEscape(text) {
  let encoded;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    // Lone surrogates: Go sees U+FFFD after the UTF-16 → UTF-8 conversion.
    encoded = encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

/**
 * A JavaScript number as Go's fmt %v prints it after k6 exports it: integers as int64, other
 * values as float64 (%g, shortest digits: exponent form below 1e-4 and from 1e6, `1.5e+06`).
 * @param {number} value
 */
export function goNumber(value) {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 63) return BigInt(value).toString();
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 6) return String(value);
  const digits = String(Math.abs(exponent)).padStart(2, '0');
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
}

/**
 * One form value as k6 prints it (request.go formatFormVal); shared with multipart bodies.
 * @param {unknown} value
 * @param {(message: string) => void} warn
 */
export function formValue(value, warn) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'object') {
    const type = Array.isArray(value) ? '[]interface {}' : 'map[string]interface {}';
    warn(`cannot urlencode a nested ${type} value in a request form body; encoding it as an empty value, use JSON.stringify() to send structured data`);
    return '';
  }
  return String(value);
}

/**
 * Encodes an object body the way k6 does.
 * @param {Record<string, unknown>} data
 * @param {(message: string) => void} [warn] receives k6's warning for nested values
 * @returns {string}
 */
export function encodeForm(data, warn = () => {}) {
  const keys = Object.keys(data).sort();
  /** @type {string[]} */
  const parts = [];
  for (const key of keys) {
    const value = data[key];
    const name = queryEscape(key);
    if (Array.isArray(value)) {
      for (const item of value) parts.push(`${name}=${queryEscape(formValue(item, warn))}`);
    } else {
      parts.push(`${name}=${queryEscape(formValue(value, warn))}`);
    }
  }
  return parts.join('&');
}
