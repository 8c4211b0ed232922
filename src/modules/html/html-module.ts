/**
 * Host side of `k6/html`. The document lives here (per VU, by id); the guest's Selection and
 * Element (runtime/modules/k6-html.js) hold ids and ask for what they need. Operations:
 *
 * async
 *   html.parse  { src } → { doc, root }: parses with parse5 (via cheerio, loaded on first use).
 * sync
 *   html.sel    [doc, ids, op, a?, b?] → ids | { v? } (selection-ops.ts)
 *   html.node   [doc, id] → NodeInfo (nodeType, nodeName, attributes, namespace)
 *   html.rel    [doc, id, relation] → id | -1 (firstChild, nextSibling, parentNode, …)
 *   html.free   doc → (the guest, once the script has dropped the document; html-documents.ts)
 *
 * Why on the host: parsing a 57 KB page with htmlparser2 + css-select took 367 ms inside QuickJS
 * against 10 ms in Node (and 0.4 MB of parser code per VU heap); a crossing per selection call
 * costs microseconds.
 */
import { GuestError, type HostModule, type OpInput } from '../../vu/bridge-contract.js';
import type { VuHostContext } from '../../vu/host-context.js';
import { HtmlDocument, disposeHtmlDocuments, htmlDocuments, loadCheerio } from './html-documents.js';
import { SELECTION_OPS, nodeInfo, relatedNode, type NodeInfo, type SelectionResult } from './selection-ops.js';

function tuple(payload: unknown, op: string): unknown[] {
  if (!Array.isArray(payload)) throw new GuestError(`${op}: invalid arguments`);
  return payload;
}

async function parse(vu: VuHostContext, { payload }: OpInput): Promise<{ doc: number; root: number }> {
  const src = payload !== null && typeof payload === 'object' && 'src' in payload ? (payload as { src: unknown }).src : undefined;
  if (typeof src !== 'string') throw new GuestError('parseHTML() expects a string of HTML');
  const { load } = await loadCheerio();
  const doc = new HtmlDocument(load(src));
  return { doc: htmlDocuments(vu).add(doc), root: doc.rootId };
}

function select(vu: VuHostContext, { payload }: OpInput): SelectionResult {
  const [docId, ids, op, a, b] = tuple(payload, 'html.sel');
  const run = typeof op === 'string' && Object.hasOwn(SELECTION_OPS, op) ? SELECTION_OPS[op] : undefined;
  if (run === undefined) throw new GuestError(`html: unknown selection method ${String(op)}`);
  const doc = htmlDocuments(vu).get(docId);
  return run(doc, doc.$(doc.nodesOf(ids)), a, b);
}

function node(vu: VuHostContext, { payload }: OpInput): NodeInfo {
  const [docId, id] = tuple(payload, 'html.node');
  const doc = htmlDocuments(vu).get(docId);
  return nodeInfo(doc.node(typeof id === 'number' ? id : -1));
}

function relation(vu: VuHostContext, { payload }: OpInput): number {
  const [docId, id, kind] = tuple(payload, 'html.rel');
  const doc = htmlDocuments(vu).get(docId);
  return relatedNode(doc, doc.node(typeof id === 'number' ? id : -1), String(kind));
}

export const htmlModule: HostModule = {
  async: { 'html.parse': parse },
  sync: {
    'html.sel': select,
    'html.node': node,
    'html.rel': relation,
    'html.free': (vu, { payload }) => {
      htmlDocuments(vu).free(payload);
      return undefined;
    },
  },
  dispose: disposeHtmlDocuments,
};
