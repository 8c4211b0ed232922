/**
 * The parsed HTML documents of one VU. A document stays on the host (parse5's tree building, as
 * k6's goquery uses x/net/html's); the guest holds only a document id and node ids. Node ids are
 * handed out on first use, so a large page costs nothing until the script touches its nodes.
 *
 * cheerio is imported on the first parse only: most scripts never parse HTML, and its module graph
 * takes ~0.2 s to load in each worker thread.
 */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { GuestError } from '../../vu/bridge-contract.js';
import type { VuHostContext } from '../../vu/host-context.js';

const STATE_KEY = 'html';

type CheerioModule = typeof import('cheerio');
let cheerio: Promise<CheerioModule> | undefined;

/** Loads cheerio once per thread. */
export function loadCheerio(): Promise<CheerioModule> {
  cheerio ??= import('cheerio');
  return cheerio;
}

/** One parsed document and its node ids. */
export class HtmlDocument {
  private readonly nodes: AnyNode[] = [];
  private readonly ids = new Map<AnyNode, number>();

  constructor(readonly $: CheerioAPI) {
    const root = $.root()[0];
    if (root !== undefined) this.idOf(root);
  }

  /** The document node's id (always 0). */
  get rootId(): number {
    return 0;
  }

  idOf(node: AnyNode): number {
    let id = this.ids.get(node);
    if (id === undefined) {
      id = this.nodes.length;
      this.nodes.push(node);
      this.ids.set(node, id);
    }
    return id;
  }

  idsOf(nodes: Iterable<AnyNode>): number[] {
    const out: number[] = [];
    for (const node of nodes) out.push(this.idOf(node));
    return out;
  }

  node(id: number): AnyNode {
    const node = Number.isInteger(id) ? this.nodes[id] : undefined;
    if (node === undefined) throw new GuestError(`html: unknown node ${String(id)}`);
    return node;
  }

  /** The nodes of a guest id list, validated. */
  nodesOf(ids: unknown): AnyNode[] {
    if (!Array.isArray(ids)) throw new GuestError('html: invalid selection');
    return ids.map((id) => this.node(typeof id === 'number' ? id : -1));
  }
}

/**
 * The documents of one VU, by id. Like k6 (Go's GC), a document lives while the script references
 * it: QuickJS's FinalizationRegistry never calls back (measured: 9,000 documents parsed in 3
 * iterations, none finalized), but its WeakRefs clear at once, so the guest frees the documents it
 * dropped before each parse (runtime/lib/html-selection.js).
 */
export class HtmlDocuments {
  private readonly docs = new Map<number, HtmlDocument>();
  private nextId = 1;

  add(doc: HtmlDocument): number {
    const id = this.nextId++;
    this.docs.set(id, doc);
    return id;
  }

  get(id: unknown): HtmlDocument {
    const doc = typeof id === 'number' ? this.docs.get(id) : undefined;
    if (doc === undefined) throw new GuestError('html: this document is no longer available');
    return doc;
  }

  free(id: unknown): void {
    if (typeof id === 'number') this.docs.delete(id);
  }

  get size(): number {
    return this.docs.size;
  }

  clear(): void {
    this.docs.clear();
  }
}

export function htmlDocuments(vu: VuHostContext): HtmlDocuments {
  let docs = vu.state.get(STATE_KEY) as HtmlDocuments | undefined;
  if (docs === undefined) {
    docs = new HtmlDocuments();
    vu.state.set(STATE_KEY, docs);
  }
  return docs;
}

export function disposeHtmlDocuments(vu: VuHostContext): void {
  (vu.state.get(STATE_KEY) as HtmlDocuments | undefined)?.clear();
  vu.state.delete(STATE_KEY);
}
