/**
 * HTML text of parsed nodes the way k6 prints it. k6's Selection.html() is goquery's `Html()`,
 * which renders each child of the first node with golang.org/x/net/html's `Render`; that renderer
 * differs from parse5's serializer in ways scripts can see (`<br/>`, `&#34;`, `&#39;`), so this file
 * follows x/net/html/render.go and escape.go instead of using dom-serializer.
 */
import { isTag, type AnyNode, type Element, type ProcessingInstruction } from 'domhandler';

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const LITERAL_TEXT_PARENTS = new Set(['iframe', 'noembed', 'noframes', 'noscript', 'plaintext', 'script', 'style', 'xmp']);
const NEWLINE_SENSITIVE = new Set(['pre', 'listing', 'textarea']);
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\r': '&#13;' };

/** x/net/html's `escape`: the five markup characters and CR. */
export function escapeHtml(text: string): string {
  return text.replace(/[&'<>"\r]/g, (c) => ESCAPES[c] ?? c);
}

/** The concatenated text of the nodes and their descendants (goquery `Text()`). */
export function textOf(nodes: readonly AnyNode[]): string {
  let out = '';
  const visit = (node: AnyNode): void => {
    if (node.type === 'text') out += node.data;
    if ('children' in node) for (const child of node.children) visit(child);
  };
  for (const node of nodes) visit(node);
  return out;
}

/** The HTML inside `node` (goquery `Html()`: each child rendered on its own). */
export function innerHtml(node: AnyNode | undefined): string {
  if (node === undefined || !('children' in node)) return '';
  let out = '';
  for (const child of node.children) out += render(child);
  return out;
}

/** One node as x/net/html `Render` writes it. */
export function render(node: AnyNode): string {
  switch (node.type) {
    case 'text':
      return escapeHtml(node.data);
    case 'comment':
      return `<!--${node.data}-->`;
    case 'directive':
      return renderDoctype(node);
    case 'root':
      return node.children.map(render).join('');
    case 'cdata':
      return node.children.map(render).join('');
    default:
      return isTag(node) ? renderElement(node) : '';
  }
}

function renderElement(element: Element): string {
  let out = `<${element.name}`;
  for (const [name, value] of Object.entries(element.attribs)) out += ` ${name}="${escapeHtml(value)}"`;
  if (VOID_ELEMENTS.has(element.name)) return `${out}/>`;
  out += '>';
  const first = element.children[0];
  if (first?.type === 'text' && first.data.startsWith('\n') && NEWLINE_SENSITIVE.has(element.name)) out += '\n';
  const literal = LITERAL_TEXT_PARENTS.has(element.name) && element.namespace === 'http://www.w3.org/1999/xhtml';
  for (const child of element.children) out += literal && child.type === 'text' ? child.data : render(child);
  return `${out}</${element.name}>`;
}

function renderDoctype(node: ProcessingInstruction): string {
  if (node.name.toLowerCase() !== '!doctype') return `<${node.data}>`;
  const fields = node as ProcessingInstruction & Record<string, unknown>;
  const name = typeof fields['x-name'] === 'string' ? fields['x-name'] : 'html';
  const publicId = typeof fields['x-publicId'] === 'string' ? fields['x-publicId'] : '';
  const systemId = typeof fields['x-systemId'] === 'string' ? fields['x-systemId'] : '';
  let out = `<!DOCTYPE ${name}`;
  if (publicId !== '') {
    out += ` PUBLIC ${quoted(publicId)}`;
    if (systemId !== '') out += ` ${quoted(systemId)}`;
  } else if (systemId !== '') out += ` SYSTEM ${quoted(systemId)}`;
  return `${out}>`;
}

function quoted(text: string): string {
  return text.includes('"') ? `'${text}'` : `"${text}"`;
}
