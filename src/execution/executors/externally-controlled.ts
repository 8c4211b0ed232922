/**
 * The running half of k6's `externally-controlled` executor (k6 `lib/executor/externally_controlled.go`):
 * `vus` VUs loop iterations for `duration` of test time (0 = until the test is stopped), and the
 * REST API (`PATCH /v1/status`, `qk6 scale`) changes `vus` and `vus-max` while it runs. A pause
 * lets in-flight iterations finish and holds the duration; VUs removed by a scale-down are
 * interrupted at once, and at the end of the duration every VU is (the executor has no
 * gracefulStop), as in k6.
 *
 * Without `context.live` (no control surface) it runs its configured `vus` for its duration.
 */
import type { ResolvedExternallyControlled } from '../../config/scenario-types.js';
import type { Executor } from './executor.js';
import { loopVus } from './looping-vus.js';

export const runExternallyControlled: Executor = (context) => {
  const scenario = context.scenario as ResolvedExternallyControlled;
  const duration = scenario.duration === 0 ? Number.POSITIVE_INFINITY : scenario.duration;
  return loopVus(context, [{ atMs: 0, vus: scenario.vus }], duration, 0, 0);
};
