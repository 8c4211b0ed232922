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
 * The documents of one VU, by id. Documents parsed in the init context live as long as the VU;
 * those parsed during an iteration are dropped when it ends.
 *
 * k6-compat: k6 keeps a document while the script references it (Go's GC). QuickJS's
 * FinalizationRegistry does not call back when an object is freed (measured: 9,000 documents
 * parsed in 3 iterations, none finalized), so the guest cannot tell the host reliably; ending an
 * iteration's documents with the iteration bounds host memory. A document kept in a global across
 * iterations reports "this document is no longer available" (parse it again, or in the init code).
 */
export class HtmlDocuments {
  private readonly docs = new Map<number, HtmlDocument>();
  private readonly iterationDocs = new Set<number>();
  private nextId = 1;

  add(doc: HtmlDocument, lifetime: 'vu' | 'iteration'): number {
    const id = this.nextId++;
    this.docs.set(id, doc);
    if (lifetime === 'iteration') this.iterationDocs.add(id);
    return id;
  }

  /** Drops the documents parsed during the iteration that just ended. */
  endIteration(): void {
    for (const id of this.iterationDocs) this.docs.delete(id);
    this.iterationDocs.clear();
  }

  get(id: unknown): HtmlDocument {
    const doc = typeof id === 'number' ? this.docs.get(id) : undefined;
    if (doc === undefined) throw new GuestError('html: this document is no longer available');
    return doc;
  }

  free(id: unknown): void {
    if (typeof id !== 'number') return;
    this.docs.delete(id);
    this.iterationDocs.delete(id);
  }

  get size(): number {
    return this.docs.size;
  }

  clear(): void {
    this.docs.clear();
    this.iterationDocs.clear();
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

/** Drops the VU's documents of the iteration that ended (no-op if it never parsed HTML). */
export function endIterationDocuments(vu: VuHostContext): void {
  (vu.state.get(STATE_KEY) as HtmlDocuments | undefined)?.endIteration();
}

export function disposeHtmlDocuments(vu: VuHostContext): void {
  (vu.state.get(STATE_KEY) as HtmlDocuments | undefined)?.clear();
  vu.state.delete(STATE_KEY);
}
