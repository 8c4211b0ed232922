/**
 * Host side of `k6/data` (k6 internal/js/modules/k6/data/data.go, share.go). The guest's
 * SharedArray is a read-only proxy that asks for elements here; the elements are stored once per
 * test (shared-array-store.ts), never in a VU.
 *
 * sync
 *   data.sharedArray.open    { name } → { id, length } of the stored array, or null. Init only.
 *   data.sharedArray.append  { name, first, items: string[] } (elements' JSON) → –; the first
 *                            elements, in batches, kept per VU until `create` (`first` starts over).
 *   data.sharedArray.create  { name, first, items: string[] } → { id, length }: stores the
 *                            appended elements and these; returns the stored one when another VU
 *                            was first. Init only.
 *   data.sharedArray.get     [id, index] → the element's JSON text, or undefined outside it
 *   data.sharedArray.items   [id, start, end] → JSON array of element JSON texts
 */
import { GuestError, type HostModule, type OpInput } from '../../vu/bridge-contract.js';
import type { VuHostContext } from '../../vu/host-context.js';
import { payloadRecord } from '../encoding/op-input.js';
import { findSharedArray, sharedArrayById, storeSharedArray, type StoredSharedArray } from './shared-array-store.js';

interface ArrayHandle {
  readonly id: number;
  readonly length: number;
}

function handle(stored: StoredSharedArray): ArrayHandle {
  return { id: stored.id, length: stored.length };
}

/** k6 checks the phase first, then the name. */
function initName(vu: VuHostContext, payload: unknown, op: string): string {
  if (vu.phase !== 'init') throw new GuestError('new SharedArray must be called in the init context', 'GoError');
  const name = payloadRecord(payload, op).name;
  if (typeof name !== 'string') throw new GuestError(`${op}: expected a name`);
  if (name === '') throw new GuestError("empty name provided to SharedArray's constructor", 'GoError');
  return name;
}

function open(vu: VuHostContext, { payload }: OpInput): ArrayHandle | null {
  const stored = findSharedArray(initName(vu, payload, 'data.sharedArray.open'));
  return stored === undefined ? null : handle(stored);
}

const PENDING_KEY = 'data.pending';

/** Elements a VU has sent for arrays it is still building, by name. */
function pending(vu: VuHostContext): Map<string, string[]> {
  let map = vu.state.get(PENDING_KEY) as Map<string, string[]> | undefined;
  if (map === undefined) {
    map = new Map();
    vu.state.set(PENDING_KEY, map);
  }
  return map;
}

/**
 * The elements a VU has sent so far for `name`, with this batch added (a batch marked `first`
 * starts over, dropping what an earlier failed attempt left).
 */
function collect(vu: VuHostContext, payload: unknown, op: string): { name: string; list: string[] } {
  const name = initName(vu, payload, op);
  const p = payloadRecord(payload, op);
  const batch = p.items;
  if (!Array.isArray(batch) || !batch.every((item): item is string => typeof item === 'string')) {
    throw new GuestError(`${op}: expected the elements as JSON texts`);
  }
  const building = pending(vu);
  const list = p.first === true ? [] : (building.get(name) ?? []);
  for (const item of batch) list.push(item);
  building.set(name, list);
  return { name, list };
}

function append(vu: VuHostContext, { payload }: OpInput): undefined {
  collect(vu, payload, 'data.sharedArray.append');
  return undefined;
}

function create(vu: VuHostContext, { payload }: OpInput): ArrayHandle {
  const { name, list } = collect(vu, payload, 'data.sharedArray.create');
  pending(vu).delete(name);
  return handle(storeSharedArray(name, list));
}

function stored(value: unknown): StoredSharedArray {
  const found = typeof value === 'number' ? sharedArrayById(value) : undefined;
  if (found === undefined) throw new GuestError('unknown SharedArray');
  return found;
}

function numbers(payload: unknown, count: number, op: string): number[] {
  if (!Array.isArray(payload) || payload.length !== count || !payload.every((n) => typeof n === 'number')) {
    throw new GuestError(`${op}: invalid arguments`);
  }
  return payload as number[];
}

export const dataModule: HostModule = {
  sync: {
    'data.sharedArray.open': open,
    'data.sharedArray.append': append,
    'data.sharedArray.create': create,
    'data.sharedArray.get': (_vu, { payload }) => {
      const [id, index] = numbers(payload, 2, 'data.sharedArray.get');
      return stored(id).item(index as number);
    },
    'data.sharedArray.items': (_vu, { payload }) => {
      const [id, start, end] = numbers(payload, 3, 'data.sharedArray.items');
      return stored(id).items(start as number, end as number);
    },
  },
  dispose: (vu) => {
    vu.state.delete(PENDING_KEY);
  },
};
