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
  let started = 0;
  const updateProgress = (): void => {
    context.progress.fraction = scenario.iterations === 0 ? 1 : context.progress.completed / scenario.iterations;
    context.progress.detail = `${context.progress.completed}/${scenario.iterations} shared iters`;
  };
  updateProgress();
  await Promise.all(
    context.vus.map((vu) => {
      vu.interruptAt(endAt + scenario.gracefulStop);
      return asActive(context, async () => {
        while (started < scenario.iterations && performance.now() < endAt && !context.state.stopped) {
          started += 1;
          await runIteration(vu, context);
          updateProgress();
        }
      });
    }),
  );
}

export async function runPerVuIterations(context: ScenarioContext): Promise<void> {
  const scenario = context.scenario as ResolvedPerVUIterations;
  const endAt = performance.now() + scenario.maxDuration;
  const total = scenario.iterations * context.vus.length;
  const updateProgress = (): void => {
    context.progress.fraction = total === 0 ? 1 : context.progress.completed / total;
    context.progress.detail = `${context.progress.completed}/${total} iters, ${scenario.iterations} per VU`;
  };
  updateProgress();
  await Promise.all(
    context.vus.map((vu) => {
      vu.interruptAt(endAt + scenario.gracefulStop);
      return asActive(context, async () => {
        for (let i = 0; i < scenario.iterations && performance.now() < endAt && !context.state.stopped; i++) {
          await runIteration(vu, context);
          updateProgress();
        }
      });
    }),
  );
}
