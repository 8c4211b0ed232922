/**
 * The two iteration-count executors (k6 `shared_iterations.go`, `per_vu_iterations.go`): a fixed
 * number of iterations, shared from one pool or run by each VU, bounded by `maxDuration`; running
 * iterations then get `gracefulStop` before they are interrupted.
 */
import type { ResolvedPerVUIterations, ResolvedSharedIterations } from '../../config/scenario-types.js';
import { runIteration } from '../iteration-runner.js';
import { asActive, type ScenarioContext } from './executor.js';

export async function runSharedIterations(context: ScenarioContext): Promise<void> {
  const scenario = context.scenario as ResolvedSharedIterations;
  const endAt = performance.now() + scenario.maxDuration;
  // The iteration pool; shared through a SharedArrayBuffer when VUs of this scenario live in several workers.
  const pool = context.sharedCounter ?? new Int32Array(1);
  await Promise.all(
    context.vus.map((vu) => {
      vu.interruptAt(endAt + scenario.gracefulStop);
      return asActive(context, async () => {
        while (performance.now() < endAt && !context.state.stopped && Atomics.add(pool, 0, 1) < scenario.iterations) {
          await runIteration(vu, context);
        }
      });
    }),
  );
}

export async function runPerVuIterations(context: ScenarioContext): Promise<void> {
  const scenario = context.scenario as ResolvedPerVUIterations;
  const endAt = performance.now() + scenario.maxDuration;
  await Promise.all(
    context.vus.map((vu) => {
      vu.interruptAt(endAt + scenario.gracefulStop);
      return asActive(context, async () => {
        for (let i = 0; i < scenario.iterations && performance.now() < endAt && !context.state.stopped; i++) {
          await runIteration(vu, context);
        }
      });
    }),
  );
}
