/**
 * The two iteration-count executors (k6 `shared_iterations.go`, `per_vu_iterations.go`): a fixed
 * number of iterations, shared from one pool or run by each VU, bounded by `maxDuration`; running
 * iterations then get `gracefulStop` before they are interrupted. Times are test-clock times, so a
 * pause (REST API) holds `maxDuration`.
 */
import type { ResolvedPerVUIterations, ResolvedSharedIterations } from '../../config/scenario-types.js';
import { runIteration } from '../iteration-runner.js';
import { turnInBatches } from '../../vu/wake-batches.js';
import { asActive, pauseGate, type ScenarioContext } from './executor.js';

export async function runSharedIterations(context: ScenarioContext): Promise<void> {
  const scenario = context.scenario as ResolvedSharedIterations;
  const { clock } = context.state;
  const endAt = clock.now() + scenario.maxDuration;
  const more = (): boolean => clock.now() < endAt && !context.state.stopped;
  // The iteration pool; shared through a SharedArrayBuffer when VUs of this scenario live in several workers.
  const pool = context.sharedCounter ?? new Int32Array(1);
  await Promise.all(
    context.vus.map((vu) => {
      clock.interruptAt(vu, endAt + scenario.gracefulStop);
      return asActive(context, async () => {
        await turnInBatches(); // VUs that start together start a few per turn of the event loop
        while (more()) {
          if (clock.paused) await pauseGate(context);
          if (!more() || Atomics.add(pool, 0, 1) >= scenario.iterations) break;
          await runIteration(vu, context);
        }
      });
    }),
  );
}

export async function runPerVuIterations(context: ScenarioContext): Promise<void> {
  const scenario = context.scenario as ResolvedPerVUIterations;
  const { clock } = context.state;
  const endAt = clock.now() + scenario.maxDuration;
  const more = (): boolean => clock.now() < endAt && !context.state.stopped;
  await Promise.all(
    context.vus.map((vu) => {
      clock.interruptAt(vu, endAt + scenario.gracefulStop);
      return asActive(context, async () => {
        await turnInBatches();
        for (let i = 0; i < scenario.iterations && more(); i++) {
          if (clock.paused) await pauseGate(context);
          if (!more()) break;
          await runIteration(vu, context);
        }
      });
    }),
  );
}
