/**
 * `http.batch`: the requests run concurrently on the VU's agent, at most `vu.http.batch` at a time
 * and at most `vu.http.batchPerHost` per host (0 = no per-host limit), as k6's MakeBatchRequests
 * (lib/netext/httpext/batch.go) does; results keep the request order.
 */
import type { VuHostContext } from '../../vu/host-context.js';
import { executeRequest, type RequestOutcome } from './execute-request.js';
import type { RequestSpec } from './request-spec.js';
import type { VuHttpState } from './vu-http-state.js';

/** A counting semaphore per key. */
class PerKeyLimiter {
  private readonly slots = new Map<string, { active: number; waiting: Array<() => void> }>();

  constructor(private readonly limit: number) {}

  async acquire(key: string): Promise<void> {
    if (this.limit <= 0) return;
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = { active: 0, waiting: [] };
      this.slots.set(key, slot);
    }
    if (slot.active < this.limit) {
      slot.active += 1;
      return;
    }
    await new Promise<void>((resolve) => slot.waiting.push(resolve));
  }

  release(key: string): void {
    if (this.limit <= 0) return;
    const slot = this.slots.get(key);
    if (slot === undefined) return;
    const next = slot.waiting.shift();
    if (next !== undefined) next();
    else slot.active -= 1;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

export async function runBatch(vu: VuHostContext, state: VuHttpState, specs: readonly RequestSpec[], buffer: ArrayBuffer | undefined): Promise<RequestOutcome[]> {
  const results: RequestOutcome[] = new Array<RequestOutcome>(specs.length);
  const perHost = new PerKeyLimiter(vu.http.batchPerHost);
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = nextIndex;
      nextIndex += 1;
      const spec = specs[index];
      if (spec === undefined) return;
      const host = hostOf(spec.url);
      await perHost.acquire(host);
      try {
        results[index] = await executeRequest(vu, state, spec, buffer);
      } finally {
        perHost.release(host);
      }
    }
  };
  const workers = Math.max(1, Math.min(specs.length, vu.http.batch));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
