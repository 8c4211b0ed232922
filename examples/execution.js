// Shows k6/execution: which VU and scenario an iteration runs in, per-VU tags, and test.fail() left
// unused so the run passes. Run: qk6 run examples/execution.js
import exec from 'k6/execution';
import { check } from 'k6';

export const options = {
  scenarios: {
    pool: { executor: 'shared-iterations', vus: 2, iterations: 6 },
    each: { executor: 'per-vu-iterations', vus: 2, iterations: 2, exec: 'perVu', startTime: '100ms' },
  },
  thresholds: { 'checks{scenario:pool}': ['rate==1'], 'checks{vu_kind:even}': ['rate==1'] },
};

export default function () {
  check(exec.scenario, {
    'scenario is pool': (s) => s.name === 'pool' && s.executor === 'shared-iterations',
    'iteration numbers are within the pool': (s) => s.iterationInInstance >= 0 && s.iterationInInstance < 6,
  });
}

export function perVu() {
  exec.vu.tags.vu_kind = exec.vu.idInTest % 2 === 0 ? 'even' : 'odd';
  check(exec.vu, { 'a VU runs its own iterations': (vu) => vu.iterationInScenario < 2 && vu.idInTest >= 1 });
  if (exec.instance.vusInitialized < 2) exec.test.fail('fewer VUs than configured');
}
