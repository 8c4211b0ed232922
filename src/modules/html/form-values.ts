/**
 * Form and data values with k6's exact rules (js/modules/k6/html/html.go `Val`, serialize.go,
 * util.go): they follow goquery, not the browser, and scripts depend on the differences (a
 * `<select>` without a selected option is "", a bare `checked` attribute does not count).
 */
import type { Cheerio } from 'cheerio';
import { isTag, type AnyNode } from 'domhandler';
import { innerHtml } from './html-render.js';

/** A value crossing to the guest; `undefined` is kept apart from null by the caller. */
export type HtmlValue = string | number | boolean | null | undefined | HtmlValue[] | { [key: string]: HtmlValue };

function attr(node: AnyNode | undefined, name: string): string | undefined {
  return node !== undefined && isTag(node) ? node.attribs[name] : undefined;
}

function valueOrHtml(nodes: readonly AnyNode[]): string {
  return attr(nodes[0], 'value') ?? innerHtml(nodes[0]);
}

/** `Selection.val()` of the first node. */
export function valueOf(selection: Cheerio<AnyNode>): HtmlValue {
  const first = selection[0];
  if (first === undefined || !isTag(first)) return undefined;
  switch (first.name) {
    case 'input': {
      const value = first.attribs.value;
      if (value !== undefined) return value;
      const type = first.attribs.type;
      return type === 'radio' || type === 'checkbox' ? 'on' : '';
    }
    case 'button':
      return first.attribs.value ?? '';
    case 'textarea':
      return innerHtml(first);
    case 'option':
      return valueOrHtml([first]);
    case 'select': {
      const selected = selection.first().find('option[selected]').toArray();
      if (first.attribs.multiple !== undefined) return selected.map((option) => valueOrHtml([option]));
      return valueOrHtml(selected);
    }
    default:
      return undefined;
  }
}

/** `serializeArray()`: the successful controls of a form, or of the selected controls. */
export function serializeArray(selection: Cheerio<AnyNode>): Array<{ name: string; value: HtmlValue }> {
  const submittable = 'input,select,textarea,keygen';
  const controls = selection.is('form') ? selection.find(submittable) : selection.filter(submittable);
  const result: Array<{ name: string; value: HtmlValue }> = [];
  for (const control of controls.toArray()) {
    if (!isTag(control)) continue;
    const { name = '', type = '', disabled = '', checked = '' } = control.attribs;
    // k6-compat: goquery's AttrOr reads a bare `disabled`/`checked` as "", so only the
    // `="disabled"` / `="checked"` spellings count, exactly as in k6's serialize.go.
    if (name === '' || disabled === 'disabled') continue;
    if (['submit', 'button', 'reset', 'image', 'file'].includes(type)) continue;
    if (checked !== 'checked' && (type === 'checkbox' || type === 'radio')) continue;
    result.push({ name, value: valueOf(controls.filter((_, node) => node === control)) });
  }
  return result;
}

/** `data-foo-bar` → `fooBar` (k6's attrToProperty via snaker.SnakeToCamel). */
export function attrToProperty(name: string): string {
  const dash = name.indexOf('-');
  if (dash < 0) return name;
  const rest = name.slice(dash + 1).split(/[-_]/).filter((part) => part !== '');
  return name.slice(0, dash) + rest.map(camelWord).join('');
}

/** `fooBar` → `foo-bar` (k6's propertyToAttr via snaker.CamelToSnake). */
export function propertyToAttr(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

/** snaker keeps Go's common initialisms upper case (`data-user-id` → `userID`). */
const INITIALISMS = new Set(['ACL', 'API', 'ASCII', 'CPU', 'CSS', 'DNS', 'EOF', 'GUID', 'HTML', 'HTTP', 'HTTPS', 'ID', 'IP', 'JSON', 'LHS', 'QPS', 'RAM', 'RHS', 'RPC', 'SLA', 'SMTP', 'SQL', 'SSH', 'TCP', 'TLS', 'TTL', 'UDP', 'UI', 'UID', 'UUID', 'URI', 'URL', 'UTF8', 'VM', 'XML', 'XMPP', 'XSRF', 'XSS']);

function camelWord(word: string): string {
  const upper = word.toUpperCase();
  if (INITIALISMS.has(upper)) return upper;
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A `data-*` attribute's value as k6 converts it (numbers, booleans, JSON; empty → undefined). */
export function convertDataValue(value: string): HtmlValue {
  if (value === '') return undefined;
  if (value.startsWith('{') || value.startsWith('[')) {
    try {
      return JSON.parse(value) as HtmlValue;
    } catch {
      return value;
    }
  }
  switch (value) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
    case 'undefined':
      return undefined;
    default: {
      // Only numbers whose shortest float text is unchanged ("1.50", "1.1e02" stay strings).
      const number = Number(value);
      return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(value) && Number.isFinite(number) && goFloatText(number) === value ? number : value;
    }
  }
}

/** Go's strconv.FormatFloat(f, 'f', -1, 64). */
function goFloatText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}

/** `data(name?)` of the first node. */
export function dataOf(node: AnyNode | undefined, name: string | undefined): HtmlValue {
  if (node === undefined || !isTag(node) || Object.keys(node.attribs).length === 0) return undefined;
  if (name !== undefined) {
    const value = node.attribs[`data-${propertyToAttr(name)}`];
    return value === undefined ? undefined : convertDataValue(value);
  }
  const data: Record<string, HtmlValue> = {};
  for (const [key, value] of Object.entries(node.attribs)) {
    if (key.startsWith('data-') && key.length > 5) data[attrToProperty(key.slice(5))] = convertDataValue(value);
  }
  return data;
}
