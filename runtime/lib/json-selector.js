// @ts-check
// `res.json(selector)`: the commonly used subset of the gjson path syntax k6 uses
// (github.com/tidwall/gjson), applied to an already parsed JSON value. Plain JavaScript without
// imports: evaluated inside QuickJS and unit-tested in Node.
//
// Supported: `a.b.c` keys, `items.0` array indexes, `items.#` array length, `items.#.id` (map the
// rest of the path over the elements), `a\.b` escaped dots (any character can be escaped),
// wildcards `*` and `?` in keys (first matching key), queries `items.#(id==2)` (first match) and
// `items.#(age>30)#` (all matches) with ==, !=, <, <=, >, >=, % (like), !% (not like) on a key
// path (or the element itself: `#(=="x")`, existence: `#(name)`), pipes `a|b`, and the modifiers
// @this, @reverse, @keys, @values, @flatten. A path that does not exist gives `undefined`.
// Not supported: multipaths (`{a,b}` / `[a,b]`), JSON lines (`..`), modifier arguments.

/**
 * @typedef {{ kind: 'key', key: string, wild: boolean }
 *   | { kind: 'count' }
 *   | { kind: 'query', query: string, all: boolean }
 *   | { kind: 'modifier', name: string }} Component
 */

/** @param {string} text @param {number} start */
function readQuery(text, start) {
  // text[start] === '(' ; returns the index after the matching ')'.
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\\') i += 1;
    else if (c === '"') {
      for (i += 1; i < text.length && text[i] !== '"'; i += 1) if (text[i] === '\\') i += 1;
    } else if (c === '(') depth += 1;
    else if (c === ')') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/**
 * Splits a path into pipe-separated groups of components.
 * @param {string} path
 * @returns {Component[][]}
 */
export function parsePath(path) {
  /** @type {Component[][]} */
  const groups = [[]];
  let i = 0;
  while (i <= path.length) {
    const group = /** @type {Component[]} */ (groups[groups.length - 1]);
    if (path[i] === '#' && path[i + 1] === '(') {
      const end = readQuery(path, i + 1);
      const all = path[end] === '#';
      group.push({ kind: 'query', query: path.slice(i + 2, end - 1), all });
      i = all ? end + 1 : end;
    } else {
      let key = '';
      let wild = false;
      const modifier = path[i] === '@';
      for (; i < path.length && path[i] !== '.' && path[i] !== '|'; i += 1) {
        const c = /** @type {string} */ (path[i]);
        if (c === '\\' && i + 1 < path.length) {
          i += 1;
          key += path[i];
        } else {
          if (c === '*' || c === '?') wild = true;
          key += c;
        }
      }
      if (modifier) group.push({ kind: 'modifier', name: key.slice(1) });
      else if (key === '#') group.push({ kind: 'count' });
      else group.push({ kind: 'key', key, wild });
    }
    if (i >= path.length) break;
    if (path[i] === '|') groups.push([]);
    i += 1;
  }
  return groups;
}

/** @param {string} pattern @param {string} text */
function like(pattern, text) {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(text);
}

/** @param {string} text */
function parseLiteral(text) {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, value: undefined };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return { ok: true, value: trimmed };
  }
}

const OPERATORS = ['==', '!=', '<=', '>=', '!%', '<', '>', '%', '='];

/** @param {unknown} element @param {string} query */
function matches(element, query) {
  let at = -1;
  let op = '';
  let depth = 0;
  for (let i = 0; i < query.length && at < 0; i += 1) {
    const c = query[i];
    if (c === '\\') {
      i += 1;
    } else if (c === '"') {
      for (i += 1; i < query.length && query[i] !== '"'; i += 1) if (query[i] === '\\') i += 1;
    } else if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (depth === 0) {
      for (const candidate of OPERATORS) {
        if (query.startsWith(candidate, i)) {
          at = i;
          op = candidate;
          break;
        }
      }
    }
  }
  const leftPath = (at < 0 ? query : query.slice(0, at)).trim();
  const left = leftPath === '' ? element : select(element, leftPath);
  if (at < 0) return left !== undefined;
  if (left === undefined) return false;
  const right = parseLiteral(query.slice(at + op.length));
  if (!right.ok) return false;
  const r = right.value;
  if (op === '%' || op === '!%') {
    if (typeof left !== 'string' || typeof r !== 'string') return false;
    return like(r, left) === (op === '%');
  }
  if (typeof r !== typeof left && !(r === null && left === null)) return false;
  if (r === null || typeof r === 'boolean') return op === '!=' ? left !== r : (op === '==' || op === '=') && left === r;
  const l = /** @type {number | string} */ (left);
  const v = /** @type {number | string} */ (r);
  switch (op) {
    case '=':
    case '==':
      return l === v;
    case '!=':
      return l !== v;
    case '<':
      return l < v;
    case '<=':
      return l <= v;
    case '>':
      return l > v;
    default:
      return l >= v;
  }
}

/** @param {unknown} value @param {string} name */
function modify(value, name) {
  switch (name) {
    case 'this':
      return value;
    case 'reverse':
      if (Array.isArray(value)) return value.slice().reverse();
      if (isObject(value)) return Object.fromEntries(Object.entries(value).reverse());
      return value;
    case 'keys':
      return isObject(value) ? Object.keys(value) : Array.isArray(value) ? [] : undefined;
    case 'values':
      return isObject(value) ? Object.values(value) : Array.isArray(value) ? value : undefined;
    case 'flatten':
      return Array.isArray(value) ? value.flat() : value;
    default:
      return undefined;
  }
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * @param {unknown} value @param {Component[]} components @param {number} index
 * @returns {unknown}
 */
function walk(value, components, index) {
  let current = value;
  for (let i = index; i < components.length; i += 1) {
    const c = /** @type {Component} */ (components[i]);
    if (c.kind === 'modifier') {
      current = modify(current, c.name);
      if (current === undefined) return undefined;
      continue;
    }
    if (Array.isArray(current)) {
      if (c.kind === 'count') {
        if (i === components.length - 1) return current.length;
        return mapRest(current, components, i + 1);
      }
      if (c.kind === 'query') {
        if (c.all) return mapRest(current.filter((el) => matches(el, c.query)), components, i + 1);
        current = current.find((el) => matches(el, c.query));
        if (current === undefined) return undefined;
        continue;
      }
      if (!/^\d+$/.test(c.key)) return undefined;
      current = current[Number(c.key)];
      if (current === undefined) return undefined;
      continue;
    }
    if (isObject(current) && c.kind === 'key') {
      if (c.wild) {
        const key = Object.keys(current).find((k) => like(c.key, k));
        if (key === undefined) return undefined;
        current = current[key];
      } else {
        if (!Object.prototype.hasOwnProperty.call(current, c.key)) return undefined;
        current = current[c.key];
      }
      continue;
    }
    return undefined;
  }
  return current;
}

/** @param {unknown[]} items @param {Component[]} components @param {number} index */
function mapRest(items, components, index) {
  /** @type {unknown[]} */
  const out = [];
  for (const item of items) {
    const result = walk(item, components, index);
    if (result !== undefined) out.push(result);
  }
  return out;
}

/**
 * Applies a gjson-style path to a parsed JSON value; `undefined` when the path does not exist.
 * @param {unknown} value
 * @param {string} path
 * @returns {unknown}
 */
export function select(value, path) {
  let current = value;
  for (const group of parsePath(path)) {
    current = walk(current, group, 0);
    if (current === undefined) return undefined;
  }
  return current;
}
