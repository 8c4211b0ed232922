/**
 * `JSON.stringify(value, null, indent)` as k6's JavaScript engine (sobek, builtin_json.go) writes
 * it. Sobek grows the indentation when it enters an object or array but forgets to shrink it back
 * when that object or array is empty, so everything nested after an empty `{}`/`[]` — until the
 * enclosing non-empty container closes — is indented one extra step. The --summary-export file
 * shows it (`"groups": {}` followed by an over-indented `"checks"` body); we reproduce it so the
 * file is byte-identical in layout. Otherwise this matches JSON.stringify (undefined and
 * functions skipped in objects, `null` in arrays; non-finite numbers become `null`).
 */
export function stringifyLikeK6(value: unknown, gap = '    '): string {
  const state = { indent: '' };
  return write(value, gap, state) ?? 'undefined';
}

function write(value: unknown, gap: string, state: { indent: string }): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return write((value as { toJSON: () => unknown }).toJSON(), gap, state);
  }
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'string':
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? writeArray(value, gap, state) : writeObject(value as Record<string, unknown>, gap, state);
    default:
      return undefined;
  }
}

function writeObject(object: Record<string, unknown>, gap: string, state: { indent: string }): string {
  const stepback = state.indent;
  state.indent += gap;
  const separator = gap === '' ? ',' : `,\n${state.indent}`;
  const parts: string[] = [];
  for (const key of Object.keys(object)) {
    const text = write(object[key], gap, state);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}${gap === '' ? ':' : ': '}${text}`);
  }
  // Sobek quirk: an empty object leaves the grown indentation in place.
  if (parts.length === 0) return '{}';
  const opening = gap === '' ? '{' : `{\n${stepback + gap}`;
  const closing = gap === '' ? '}' : `\n${stepback}}`;
  state.indent = stepback;
  return opening + parts.join(separator) + closing;
}

function writeArray(array: readonly unknown[], gap: string, state: { indent: string }): string {
  const stepback = state.indent;
  state.indent += gap;
  // Sobek quirk: an empty array leaves the grown indentation in place.
  if (array.length === 0) return '[]';
  const opening = gap === '' ? '[' : `[\n${state.indent}`;
  const separator = gap === '' ? ',' : `,\n${state.indent}`;
  const parts = array.map((item) => write(item, gap, state) ?? 'null');
  state.indent = stepback;
  return opening + parts.join(separator) + (gap === '' ? ']' : `\n${stepback}]`);
}
