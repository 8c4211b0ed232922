/**
 * The operations a guest Selection asks of its host document. Each takes the selection's nodes
 * and up to two arguments and returns either node ids (a new selection) or a value `{ v }` (`{}`
 * for undefined, which JSON cannot carry). Semantics are goquery's (k6 js/modules/k6/html/html.go),
 * run on cheerio, the jQuery API over parse5 that goquery mirrors.
 *
 * A selector argument is a CSS string or `{ ids }`: the nodes of another Selection or Element of
 * the same document.
 */
import type { Cheerio } from 'cheerio';
import { isTag, type AnyNode, type Element } from 'domhandler';
import { GuestError } from '../../vu/bridge-contract.js';
import { dataOf, serializeArray, valueOf, type HtmlValue } from './form-values.js';
import type { HtmlDocument } from './html-documents.js';
import { innerHtml, textOf } from './html-render.js';

type Selection = Cheerio<AnyNode>;
/** Another selection's nodes are used as elements (cheerio's matching API is typed for elements). */
type Matcher = string | Cheerio<Element>;
/** A selection op's result: ids, or a value wrapped so that undefined survives JSON. */
export type SelectionResult = number[] | { v?: HtmlValue };
type Op = (doc: HtmlDocument, sel: Selection, a: unknown, b: unknown) => SelectionResult;

function matcher(doc: HtmlDocument, arg: unknown, method: string): Matcher {
  if (typeof arg === 'string') return arg;
  if (arg !== null && typeof arg === 'object' && 'ids' in arg) return doc.$(doc.nodesOf((arg as { ids: unknown }).ids) as Element[]);
  throw new GuestError(`invalid argument to ${method}(): cannot use a '${arg === null ? 'null' : typeof arg}' as a selector`);
}

function optionalFilter(arg: unknown): string | undefined {
  return typeof arg === 'string' ? arg : undefined;
}

const ids = (doc: HtmlDocument, sel: Cheerio<AnyNode>): number[] => doc.idsOf(sel.toArray());
const value = (v: HtmlValue): { v?: HtmlValue } => (v === undefined ? {} : { v });

/** Ops with an optional filter selector: children(f?), parent(f?), next(f?) … */
function adjacent(pick: (sel: Selection, filter: string | undefined) => Selection): Op {
  return (doc, sel, a) => ids(doc, pick(sel, optionalFilter(a)));
}

/** nextUntil / prevUntil / parentsUntil (selector or selection or null, then an optional filter). */
function until(pick: (sel: Selection, stop: Matcher | undefined, filter: string | undefined) => Selection, method: string): Op {
  return (doc, sel, a, b) => {
    const stop = a === null || a === undefined ? undefined : matcher(doc, a, method);
    return ids(doc, pick(sel, stop, optionalFilter(b)));
  };
}

function firstAttr(sel: Selection, name: string): string | undefined {
  const first = sel[0];
  return first !== undefined && isTag(first) ? first.attribs[name] : undefined;
}

/** goquery Index(): the first node's position among its element siblings (-1 when empty). */
function indexAmongSiblings(sel: Selection): number {
  const first = sel[0];
  if (first === undefined) return -1;
  return sel.first().prevAll().length;
}

function indexOf(doc: HtmlDocument, sel: Selection, arg: unknown): number {
  const nodes = sel.toArray();
  const first = nodes[0];
  // goquery IndexSelector: where this selection's first node is among the selector's matches.
  if (typeof arg === 'string') return first === undefined ? -1 : doc.$.root().find(arg).toArray().indexOf(first as Element);
  // IndexOfSelection: where the argument's first node is in this selection.
  const target = doc.$(doc.nodesOf((arg as { ids: unknown }).ids))[0];
  return target === undefined ? -1 : nodes.indexOf(target);
}

export const SELECTION_OPS: Readonly<Record<string, Op>> = {
  find: (doc, sel, a) => ids(doc, sel.find(matcher(doc, a, 'find'))),
  single: (doc, sel, a) => ids(doc, sel.find(matcher(doc, a, 'single')).first()),
  closest: (doc, sel, a) => ids(doc, sel.closest(matcher(doc, a, 'closest'))),
  has: (doc, sel, a) => ids(doc, sel.has(matcher(doc, a, 'has'))),
  add: (doc, sel, a) => ids(doc, sel.add(matcher(doc, a, 'add'))),
  not: (doc, sel, a) => ids(doc, sel.not(matcher(doc, a, 'not'))),
  filter: (doc, sel, a) => ids(doc, sel.filter(matcher(doc, a, 'filter'))),
  is: (doc, sel, a) => value(sel.is(matcher(doc, a, 'is'))),
  children: adjacent((sel, f) => sel.children(f)),
  contents: (doc, sel) => ids(doc, sel.contents()),
  parent: adjacent((sel, f) => sel.parent(f)),
  parents: adjacent((sel, f) => sel.parents(f)),
  next: adjacent((sel, f) => sel.next(f)),
  nextAll: adjacent((sel, f) => sel.nextAll(f)),
  prev: adjacent((sel, f) => sel.prev(f)),
  prevAll: adjacent((sel, f) => sel.prevAll(f)),
  siblings: adjacent((sel, f) => sel.siblings(f)),
  nextUntil: until((sel, stop, f) => sel.nextUntil(stop, f), 'nextUntil'),
  prevUntil: until((sel, stop, f) => sel.prevUntil(stop, f), 'prevUntil'),
  parentsUntil: until((sel, stop, f) => sel.parentsUntil(stop, f), 'parentsUntil'),
  text: (_doc, sel) => value(textOf(sel.toArray())),
  html: (_doc, sel) => value(innerHtml(sel[0])),
  attr: (_doc, sel, a) => value(firstAttr(sel, String(a))),
  val: (_doc, sel) => value(valueOf(sel)),
  data: (_doc, sel, a) => value(dataOf(sel[0], a === undefined || a === null ? undefined : String(a))),
  index: (doc, sel, a) => value(a === undefined || a === null ? indexAmongSiblings(sel) : indexOf(doc, sel, a)),
  serializeArray: (_doc, sel) => value(serializeArray(sel)),
  /** Element.labels(): wrapping <label>s, then `label[for=id]` (k6 element.go elemLabels). */
  labels: (doc, sel) => {
    const wrapping = sel.closest('label');
    const id = firstAttr(sel, 'id');
    if (id === undefined || id === '') return ids(doc, wrapping);
    const byFor = doc.$.root().find('label').filter((_, node) => isTag(node) && node.attribs.for === id);
    return ids(doc, byFor.length === 0 ? wrapping : wrapping.add(byFor));
  },
  /** Element.form(): the enclosing form, or the one named by the `form` attribute. */
  form: (doc, sel) => {
    const enclosing = sel.closest('form');
    if (enclosing.length > 0) return ids(doc, enclosing.first());
    const formId = firstAttr(sel, 'form');
    if (formId === undefined || formId === '') return [];
    return ids(doc, doc.$.root().find('form').filter((_, node) => isTag(node) && node.attribs.id === formId).first());
  },
};

/** Element data the guest builds an Element from, in one crossing. */
export interface NodeInfo {
  /** DOM nodeType: 1 element, 3 text, 8 comment, 9 document, 10 doctype. */
  readonly type: number;
  readonly name: string;
  /** Attributes in document order: [name, value]. */
  readonly attrs: Array<[string, string]>;
  readonly ns: string;
}

/** goquery NodeName plus what an Element needs up front. */
export function nodeInfo(node: AnyNode): NodeInfo {
  if (isTag(node)) {
    return { type: 1, name: node.name, attrs: Object.entries((node as Element).attribs), ns: namespacePrefix(node.namespace ?? '') };
  }
  switch (node.type) {
    case 'text':
      return { type: 3, name: '#text', attrs: [], ns: '' };
    case 'comment':
      return { type: 8, name: '#comment', attrs: [], ns: '' };
    case 'root':
      return { type: 9, name: '#document', attrs: [], ns: '' };
    case 'directive':
      return { type: 10, name: 'html', attrs: [], ns: '' };
    default:
      return { type: 0, name: '', attrs: [], ns: '' };
  }
}

function namespacePrefix(uri: string): string {
  if (uri === 'http://www.w3.org/2000/svg') return 'svg';
  if (uri === 'http://www.w3.org/1998/Math/MathML') return 'math';
  return '';
}

/** Single-node relations of Element (firstChild, nextSibling, parentNode, …): an id or -1. */
export function relatedNode(doc: HtmlDocument, node: AnyNode, relation: string): number {
  let related: AnyNode | null | undefined;
  switch (relation) {
    case 'firstChild':
      related = 'children' in node ? node.children[0] : undefined;
      break;
    case 'lastChild':
      related = 'children' in node ? node.children[node.children.length - 1] : undefined;
      break;
    case 'previousSibling':
      related = node.prev;
      break;
    case 'nextSibling':
      related = node.next;
      break;
    case 'parentNode':
      related = node.parent;
      break;
    case 'ownerDocument':
      return doc.rootId;
    default:
      throw new GuestError(`html: unknown relation ${relation}`);
  }
  return related === null || related === undefined ? -1 : doc.idOf(related);
}
