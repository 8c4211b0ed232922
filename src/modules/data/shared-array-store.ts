/**
 * The test's SharedArrays (k6 internal/js/modules/k6/data/data.go `sharedArrays`): name → the
 * elements as JSON, built once and read by every VU.
 *
 * Memory: the elements live once per process, outside every QuickJS heap and every V8 heap, as
 * UTF-8 in a `SharedArrayBuffer` with a `Uint32Array` of offsets (also shared). The main thread's
 * init run (the one that reads `options`) builds them before any VU worker exists; each time it
 * stores one it republishes the store to the VU workers (thread-environment.ts), which Node
 * hands to every worker created afterwards — the buffers are shared, not copied. A worker looks a
 * name up there first, so the script's function runs once per test. Only a name the main thread
 * never built (e.g. created under `if (__VU > 0)`) is built by the first VU of each worker thread
 * that needs it: one copy per worker, its function run once per worker.
 *
 * Elements are read one at a time (or in short runs), decoded to a JS string for the guest, which
 * parses and freezes it — as k6 does on every access.
 */
import { getEnvironmentData, isMainThread } from 'node:worker_threads';
import { publishToWorkers } from '../../execution/worker/thread-environment.js';

const ENVIRONMENT_KEY = 'qk6:k6/data:shared-arrays';
const MAX_TOTAL_BYTES = 2 ** 32 - 1;
/** At most this much JSON per read-ahead run (k6/data's guest reads sequential elements in runs). */
const READ_AHEAD_BYTES = 64 * 1024;

/** The shareable (structured-clone friendly) form of one array. */
interface SharedArrayBuffers {
  readonly bytes: SharedArrayBuffer;
  readonly offsets: SharedArrayBuffer;
}

/** One SharedArray as this thread sees it; `id` is per thread, for the guest's requests. */
export class StoredSharedArray {
  private readonly text: Buffer;
  private readonly offsets: Uint32Array;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly buffers: SharedArrayBuffers,
  ) {
    this.text = Buffer.from(buffers.bytes);
    this.offsets = new Uint32Array(buffers.offsets);
  }

  get length(): number {
    return this.offsets.length - 1;
  }

  /** Element `index` as JSON text (k6's stringified element); undefined outside the array. */
  item(index: number): string | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) return undefined;
    return this.text.toString('utf8', this.offsets[index], this.offsets[index + 1]);
  }

  /**
   * Elements `start` ≤ i < `end` (clamped) as JSON texts, stopping early once `maxBytes` are
   * reached (but always at least one element), so a read-ahead stays small.
   */
  items(start: number, end: number, maxBytes = READ_AHEAD_BYTES): string[] {
    const from = Math.max(0, Math.trunc(start));
    const to = Math.min(this.length, Math.trunc(end));
    const result: string[] = [];
    const first = this.offsets[from] ?? 0;
    for (let i = from; i < to; i += 1) {
      if (i > from && (this.offsets[i + 1] as number) - first > maxBytes) break;
      result.push(this.text.toString('utf8', this.offsets[i], this.offsets[i + 1]));
    }
    return result;
  }

  /** Bytes held for this array (shared by the whole process). */
  get byteLength(): number {
    return this.buffers.bytes.byteLength + this.buffers.offsets.byteLength;
  }
}

let byName: Map<string, StoredSharedArray> | undefined;
const byId: StoredSharedArray[] = [];

function isBuffers(value: unknown): value is SharedArrayBuffers {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<SharedArrayBuffers>;
  return candidate.bytes instanceof SharedArrayBuffer && candidate.offsets instanceof SharedArrayBuffer;
}

function add(name: string, buffers: SharedArrayBuffers, names: Map<string, StoredSharedArray>): StoredSharedArray {
  const stored = new StoredSharedArray(byId.length, name, buffers);
  byId.push(stored);
  names.set(name, stored);
  return stored;
}

/** This thread's store, first filled with what the main thread published before this worker started. */
function store(): Map<string, StoredSharedArray> {
  if (byName === undefined) {
    const names = new Map<string, StoredSharedArray>();
    byName = names;
    const inherited = getEnvironmentData(ENVIRONMENT_KEY);
    if (inherited instanceof Map) {
      for (const [name, buffers] of inherited as Map<unknown, unknown>) {
        if (typeof name === 'string' && isBuffers(buffers)) add(name, buffers, names);
      }
    }
  }
  return byName;
}

export function findSharedArray(name: string): StoredSharedArray | undefined {
  return store().get(name);
}

export function sharedArrayById(id: number): StoredSharedArray | undefined {
  return byId[id];
}

/**
 * Stores `items` (each element's JSON text) under `name`, or returns the array already stored
 * under it (first one wins, as in k6).
 */
export function storeSharedArray(name: string, items: readonly string[]): StoredSharedArray {
  const names = store();
  const existing = names.get(name);
  if (existing !== undefined) return existing;
  const offsets = new Uint32Array(new SharedArrayBuffer((items.length + 1) * 4));
  let total = 0;
  items.forEach((item, i) => {
    total += Buffer.byteLength(item, 'utf8');
    if (total > MAX_TOTAL_BYTES) throw new RangeError(`SharedArray "${name}" is larger than 4 GiB`);
    offsets[i + 1] = total;
  });
  const bytes = new SharedArrayBuffer(total);
  const text = Buffer.from(bytes);
  items.forEach((item, i) => text.write(item, offsets[i] as number, 'utf8'));
  const stored = add(name, { bytes, offsets: offsets.buffer as SharedArrayBuffer }, names);
  if (isMainThread) publish(names);
  return stored;
}

/** Makes the main thread's arrays visible to the workers it creates from now on. */
function publish(names: Map<string, StoredSharedArray>): void {
  const shareable = new Map<string, SharedArrayBuffers>();
  for (const [name, stored] of names) shareable.set(name, stored.buffers);
  publishToWorkers(ENVIRONMENT_KEY, shareable);
}
