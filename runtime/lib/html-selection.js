// @ts-check
// k6/html's Selection inside a VU. The parsed document stays on the host (src/modules/html); a
// Selection is a document handle plus node ids, and each traversal is one `html.sel` crossing that
// answers with ids (a new Selection) or a value `{ v }`. Callbacks (each, map, filter(fn), is(fn),
// not(fn)) run here, over the ids. Semantics are goquery's, as in k6 js/modules/k6/html/html.go.
import { host } from 'qk6:internal';
import { elementOf, NODE_IDS } from './html-element.js';
import { queryEscape } from './form-encode.js';
import { HostHandles } from './host-handles.js';

// A document lives as long as a Selection or Element uses it, as in k6; the dropped ones are freed
// on the host at the next parse.
const documents = new HostHandles((id) => host.call('html.free', String(id)));

/** A host document, freed on the host once no Selection or Element uses it. */
export class HtmlDocument {
  /** @param {number} id @param {string} url the response URL (resolves relative links), or '' */
  constructor(id, url) {
    this.id = id;
    this.url = url;
    documents.track(this, id);
  }
}

/** Parses `src` on the host. @param {string} src @param {string} url */
export function parseDocument(src, url) {
  documents.sweep();
  const parsed = JSON.parse(/** @type {string} */ (host.callAsync('html.parse', JSON.stringify({ src }))));
  return new Selection(new HtmlDocument(parsed.doc, url), [parsed.root], undefined);
}

/**
 * One `html.sel` crossing. @param {HtmlDocument} doc @param {number[]} ids @param {string} op
 * @param {unknown} [a] @param {unknown} [b] @returns {any}
 */
export function hostSelect(doc, ids, op, a, b) {
  return JSON.parse(/** @type {string} */ (host.call('html.sel', JSON.stringify([doc.id, ids, op, a, b]))));
}

/** @param {unknown} value */
function typeName(value) {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? (value.constructor?.name ?? 'Object') : typeof value;
}

export class Selection {
  #doc;
  #ids;
  #prev;

  /** @param {HtmlDocument} doc @param {number[]} ids @param {Selection | undefined} prev */
  constructor(doc, ids, prev) {
    this.#doc = doc;
    this.#ids = ids;
    this.#prev = prev;
  }

  /** @param {Selection} selection */
  static internals(selection) {
    return { doc: selection.#doc, ids: selection.#ids };
  }

  /** @param {number[]} ids */
  #derive(ids) {
    return new Selection(this.#doc, ids, this);
  }

  /** @param {string} op @param {unknown} [a] @param {unknown} [b] */
  #select(op, a, b) {
    return this.#derive(hostSelect(this.#doc, this.#ids, op, a, b));
  }

  /** @param {string} op @param {unknown} [a] @param {unknown} [b] */
  #value(op, a, b) {
    return hostSelect(this.#doc, this.#ids, op, a, b).v;
  }

  /** A selector argument: a CSS string, or the ids of a Selection or Element of this document. @param {unknown} arg @param {string} method */
  #matcher(arg, method) {
    if (typeof arg === 'string') return arg;
    const ids = arg instanceof Selection ? arg.#ids : arg !== null && typeof arg === 'object' && NODE_IDS in arg ? /** @type {any} */ (arg)[NODE_IDS](this.#doc) : undefined;
    if (ids === undefined) throw new TypeError(`invalid argument to ${method}(), cannot use a '${typeName(arg)}' as a selector`);
    if (arg instanceof Selection && arg.#doc !== this.#doc) throw new Error(`${method}(): the selection belongs to another document`);
    return { ids };
  }

  /** @param {(sel: Selection, idx: number) => unknown} fn */
  #keep(fn) {
    return this.#derive(this.#ids.filter((id, i) => fn(new Selection(this.#doc, [id], this), i)));
  }

  get url() {
    return this.#doc.url;
  }

  size() {
    return this.#ids.length;
  }

  /** @param {unknown} selector */
  find(selector) {
    return this.#select('find', this.#matcher(selector, 'find'));
  }

  /** The first node matching `selector` under this selection (k6's Selection.single). @param {string} selector */
  single(selector) {
    return this.#select('single', String(selector));
  }

  /** @param {unknown} selector */
  closest(selector) {
    return this.#select('closest', this.#matcher(selector, 'closest'));
  }

  /** @param {unknown} selector */
  has(selector) {
    return this.#select('has', this.#matcher(selector, 'has'));
  }

  /** @param {unknown} selector */
  add(selector) {
    return this.#select('add', this.#matcher(selector, 'add'));
  }

  /** @param {unknown} selector */
  not(selector) {
    if (typeof selector === 'function') return this.#keep((sel, i) => !selector.call(sel, i, sel));
    return this.#select('not', this.#matcher(selector, 'not'));
  }

  /** @param {unknown} selector */
  filter(selector) {
    if (typeof selector === 'function') return this.#keep((sel, i) => selector.call(sel, i, sel));
    if (typeof selector !== 'string' && !(selector instanceof Selection)) throw new TypeError('the argument to filter() must be a function, a selector or a selection');
    return this.#select('filter', this.#matcher(selector, 'filter'));
  }

  /** @param {unknown} selector */
  is(selector) {
    if (typeof selector === 'function') return this.#ids.some((id, i) => selector(i, new Selection(this.#doc, [id], this)));
    if (typeof selector !== 'string' && !(selector instanceof Selection)) throw new TypeError('the argument to is() must be a function, a selector or a selection');
    return this.#value('is', this.#matcher(selector, 'is')) === true;
  }

  /** @param {string} [filter] */
  children(filter) {
    return this.#select('children', filter);
  }

  contents() {
    return this.#select('contents');
  }

  /** @param {string} [filter] */
  parent(filter) {
    return this.#select('parent', filter);
  }

  /** @param {string} [filter] */
  parents(filter) {
    return this.#select('parents', filter);
  }

  /** @param {string} [filter] */
  next(filter) {
    return this.#select('next', filter);
  }

  /** @param {string} [filter] */
  nextAll(filter) {
    return this.#select('nextAll', filter);
  }

  /** @param {string} [filter] */
  prev(filter) {
    return this.#select('prev', filter);
  }

  /** @param {string} [filter] */
  prevAll(filter) {
    return this.#select('prevAll', filter);
  }

  /** @param {string} [filter] */
  siblings(filter) {
    return this.#select('siblings', filter);
  }

  /** @param {unknown} [until] @param {string} [filter] */
  nextUntil(until, filter) {
    return this.#select('nextUntil', until === undefined || until === null ? null : this.#matcher(until, 'nextUntil'), filter);
  }

  /** @param {unknown} [until] @param {string} [filter] */
  prevUntil(until, filter) {
    return this.#select('prevUntil', until === undefined || until === null ? null : this.#matcher(until, 'prevUntil'), filter);
  }

  /** @param {unknown} [until] @param {string} [filter] */
  parentsUntil(until, filter) {
    return this.#select('parentsUntil', until === undefined || until === null ? null : this.#matcher(until, 'parentsUntil'), filter);
  }

  end() {
    return this.#prev ?? new Selection(this.#doc, [], undefined);
  }

  /** @param {number} index */
  eq(index) {
    const i = Math.trunc(Number(index));
    const id = this.#ids[i < 0 ? this.#ids.length + i : i];
    return this.#derive(id === undefined ? [] : [id]);
  }

  first() {
    return this.eq(0);
  }

  last() {
    return this.eq(-1);
  }

  /** @param {number} start @param {number} [end] */
  slice(start, end) {
    return this.#derive(end !== undefined && end < this.#ids.length ? this.#ids.slice(start, end) : this.#ids.slice(start));
  }

  /** Elements: all of them, or the one at `index` (negative counts from the end). @param {number} [index] */
  get(index) {
    if (index === undefined) return this.#ids.map((id) => elementOf(this.#doc, id));
    const n = this.#ids.length;
    if (!(index < n && index > -n)) return undefined;
    const id = this.#ids[index < 0 ? n + index : index];
    return id === undefined ? undefined : elementOf(this.#doc, id);
  }

  toArray() {
    return this.#ids.map((id) => new Selection(this.#doc, [id], this));
  }

  /** @param {unknown} fn */
  each(fn) {
    if (typeof fn !== 'function') throw new TypeError('the argument to each() must be a function');
    this.#ids.forEach((id, i) => fn(i, elementOf(this.#doc, id)));
    return this;
  }

  /** @param {unknown} fn */
  map(fn) {
    if (typeof fn !== 'function') throw new TypeError('the argument to map() must be a function');
    /** @type {unknown[]} */
    const values = [];
    this.#ids.forEach((id, i) => {
      // k6-compat: k6's Selection.map (html.go) drops the entries whose callback threw.
      try {
        values.push(fn(i, new Selection(this.#doc, [id], this)));
      } catch {
        // skipped, as in k6
      }
    });
    return values;
  }

  text() {
    return /** @type {string} */ (this.#value('text'));
  }

  html() {
    return /** @type {string} */ (this.#value('html'));
  }

  /** @param {string} name @param {unknown} [defaultValue] */
  attr(name, defaultValue) {
    const value = this.#value('attr', String(name));
    return value === undefined ? defaultValue : value;
  }

  val() {
    return this.#value('val');
  }

  /** @param {string} [key] */
  data(key) {
    return this.#value('data', key);
  }

  /** @param {unknown} [selector] */
  index(selector) {
    if (selector === undefined) return /** @type {number} */ (this.#value('index'));
    if (typeof selector !== 'string' && !(selector instanceof Selection) && !(selector !== null && typeof selector === 'object' && NODE_IDS in selector)) return -1;
    return /** @type {number} */ (this.#value('index', this.#matcher(selector, 'index')));
  }

  /** @returns {Array<{name: string, value: unknown}>} */
  serializeArray() {
    return this.#value('serializeArray');
  }

  serializeObject() {
    /** @type {Record<string, unknown>} */
    const result = {};
    for (const { name, value } of this.serializeArray()) result[name] = value;
    return result;
  }

  /** The form as `application/x-www-form-urlencoded` (Go url.Values.Encode: keys sorted). */
  serialize() {
    /** @type {Map<string, string[]>} */
    const values = new Map();
    for (const { name, value } of this.serializeArray()) {
      if (typeof value === 'string') values.set(name, [value]);
      else if (Array.isArray(value)) values.set(name, value.map(String));
    }
    const parts = [];
    for (const name of [...values.keys()].sort()) {
      for (const value of values.get(name) ?? []) parts.push(`${queryEscape(name)}=${queryEscape(value)}`);
    }
    return parts.join('&');
  }
}
