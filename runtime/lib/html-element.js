// @ts-check
// k6/html's Element: what `Selection.get()`, `each()` and the DOM-style getters return. Like k6
// (js/modules/k6/html/element.go), everything is a method (`el.textContent()`, `el.id()`), and an
// element gets the extra methods of its tag (`a.href()`, `select.options()`, …; html-element-types.js).
// An Element is a document handle + node id; its name, type and attributes come over in one
// `html.node` crossing when it is created, the rest is asked of the host when called.
import { host } from 'qk6:internal';
import { Selection, hostSelect } from './html-selection.js';
import { methodsForTag } from './html-element-types.js';

/** Symbol under which Elements hand their node id to a Selection of the same document. */
export const NODE_IDS = Symbol('html node ids');
const STATE = Symbol('html element');

/** @typedef {import('./html-selection.js').HtmlDocument} HtmlDocument */
/** @typedef {{ doc: HtmlDocument, id: number, type: number, name: string, attrs: Array<[string, string]>, ns: string }} ElementState */

/** @param {any} element @returns {ElementState} */
function state(element) {
  return element[STATE];
}

const NAMESPACES = /** @type {Record<string, string>} */ ({ svg: 'http://www.w3.org/2000/svg', math: 'http://www.w3.org/1998/Math/MathML' });

export class Element {
  /** @param {HtmlDocument} doc */
  [NODE_IDS](doc) {
    const s = state(this);
    return s.doc === doc ? [s.id] : undefined;
  }

  /** A Selection of just this node (k6's Element.selection()). */
  selection() {
    const s = state(this);
    return new Selection(s.doc, [s.id], undefined);
  }

  /** @param {string} op @param {unknown} [a] */
  __value(op, a) {
    const s = state(this);
    return hostSelect(s.doc, [s.id], op, a).v;
  }

  /** @param {string} op @param {unknown} [a] @returns {Element[]} */
  __elements(op, a) {
    const s = state(this);
    return hostSelect(s.doc, [s.id], op, a).map((/** @type {number} */ id) => elementOf(s.doc, id));
  }

  /** @param {string} relation */
  __related(relation) {
    const s = state(this);
    const id = JSON.parse(/** @type {string} */ (host.call('html.rel', JSON.stringify([s.doc.id, s.id, relation]))));
    return id < 0 ? undefined : elementOf(s.doc, id);
  }

  /** @param {string} name */
  __attr(name) {
    const found = state(this).attrs.find((a) => a[0] === name);
    return found === undefined ? undefined : found[1];
  }

  /** The base URL links resolve against ('' for parseHTML, the response URL for res.html()). */
  __url() {
    return state(this).doc.url;
  }

  /** @param {string} name */
  getAttribute(name) {
    return this.__attr(String(name));
  }

  /** @param {string} name */
  getAttributeNode(name) {
    const value = this.__attr(String(name));
    return value === undefined ? undefined : attributeNode(this, String(name), value);
  }

  /** @param {string} name */
  hasAttribute(name) {
    return this.__attr(String(name)) !== undefined;
  }

  hasAttributes() {
    return state(this).attrs.length > 0;
  }

  attributes() {
    /** @type {Record<string, object>} */
    const out = {};
    for (const [name, value] of state(this).attrs) out[name] = attributeNode(this, name, value);
    return out;
  }

  toString() {
    const s = state(this);
    return s.type === 1 ? '[object html.Node]' : `[object ${s.name}]`;
  }

  hasChildNodes() {
    return this.__related('firstChild') !== undefined;
  }

  textContent() {
    return /** @type {string} */ (this.__value('text'));
  }

  innerHTML() {
    return /** @type {string} */ (this.__value('html'));
  }

  id() {
    return this.__attr('id') ?? '';
  }

  nodeName() {
    return state(this).name;
  }

  nodeType() {
    const type = state(this).type;
    return type === 0 ? undefined : type;
  }

  nodeValue() {
    const type = state(this).type;
    return type === 3 || type === 8 ? this.textContent() : undefined;
  }

  namespaceURI() {
    return NAMESPACES[state(this).ns] ?? 'http://www.w3.org/1999/xhtml';
  }

  isDefaultNamespace() {
    return state(this).ns === '';
  }

  lang() {
    return this.__attr('lang');
  }

  classList() {
    const value = this.__attr('class');
    return value === undefined ? undefined : value.split(/\s+/).filter((c) => c !== '');
  }

  className() {
    return this.__attr('class');
  }

  /** @param {unknown} other */
  isEqualNode(other) {
    return other instanceof Element && this.innerHTML() === other.innerHTML();
  }

  /** @param {unknown} other */
  isSameNode(other) {
    return other instanceof Element && state(other).doc === state(this).doc && state(other).id === state(this).id;
  }

  /** @param {unknown} other */
  contains(other) {
    if (!(other instanceof Element) || this.isSameNode(other)) return false;
    return this.selection().find(other).size() > 0;
  }

  /** @param {string} selector */
  matches(selector) {
    return this.selection().is(String(selector));
  }

  /** @param {string} name */
  getElementsByClassName(name) {
    return this.__elements('find', `.${name}`);
  }

  /** @param {string} name */
  getElementsByTagName(name) {
    return this.__elements('find', String(name));
  }

  /** @param {string} selector */
  querySelector(selector) {
    return this.__elements('find', String(selector))[0];
  }

  /** @param {string} selector */
  querySelectorAll(selector) {
    return this.__elements('find', String(selector));
  }

  firstChild() {
    return this.__related('firstChild');
  }

  lastChild() {
    return this.__related('lastChild');
  }

  previousSibling() {
    return this.__related('previousSibling');
  }

  nextSibling() {
    return this.__related('nextSibling');
  }

  parentNode() {
    return this.__related('parentNode');
  }

  ownerDocument() {
    return this.__related('ownerDocument');
  }

  firstElementChild() {
    return this.__elements('children')[0];
  }

  lastElementChild() {
    const children = this.__elements('children');
    return children[children.length - 1];
  }

  previousElementSibling() {
    return this.__elements('prev')[0];
  }

  nextElementSibling() {
    return this.__elements('next')[0];
  }

  parentElement() {
    return this.__elements('parent')[0];
  }

  childNodes() {
    return this.__elements('contents');
  }

  children() {
    return this.__elements('children');
  }

  childElementCount() {
    return this.__elements('children').length;
  }
}

/** k6's Attribute: `{ name, value, owner_element }` plus prefix()/namespaceURI()/localName(). @param {Element} owner @param {string} name @param {string} value */
function attributeNode(owner, name, value) {
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  return {
    owner_element: owner,
    name,
    value,
    prefix: () => prefix,
    localName: () => (colon < 0 ? name : name.slice(colon + 1)),
    namespaceURI: () => NAMESPACES[prefix] ?? 'http://www.w3.org/1999/xhtml',
  };
}

/** @type {Map<string, object>} */
const prototypes = new Map();

/** The prototype for a tag: Element plus the tag's methods, built once. @param {string} tag */
function prototypeFor(tag) {
  let proto = prototypes.get(tag);
  if (proto === undefined) {
    const methods = methodsForTag(tag);
    proto = methods === undefined ? Element.prototype : Object.create(Element.prototype, Object.getOwnPropertyDescriptors(methods));
    prototypes.set(tag, /** @type {object} */ (proto));
  }
  return /** @type {object} */ (proto);
}

/** The Element for node `id` of `doc` (k6's selToElement: typed by tag name). @param {HtmlDocument} doc @param {number} id */
export function elementOf(doc, id) {
  const info = JSON.parse(/** @type {string} */ (host.call('html.node', JSON.stringify([doc.id, id]))));
  const element = Object.create(prototypeFor(info.type === 1 ? info.name : ''));
  Object.defineProperty(element, STATE, { value: { doc, id, type: info.type, name: info.name, attrs: info.attrs, ns: info.ns } });
  return /** @type {Element} */ (element);
}
