// handleSummary(data): replace the end-of-test summary with your own: here a short text on stdout
// and the full summary data as JSON in $SUMMARY_DIR (default: the OS temp dir).
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 -e SUMMARY_DIR=. examples/handle-summary.js
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';
// `qk6 run` passes the system environment to __ENV, so TMPDIR/TEMP are there too.
const SUMMARY_DIR = __ENV.SUMMARY_DIR || __ENV.TMPDIR || __ENV.TEMP || '/tmp';

export const options = {
  vus: 2,
  iterations: 4,
  thresholds: {
    http_req_duration: ['p(95)<500'],
    checks: ['rate==1'],
  },
};

export default function () {
  const res = http.get(`${BASE_URL}/api/items`);
  check(res, { 'items listed': (r) => r.status === 200 });
}

// Runs once at the end with everything the default summary would show.
export function handleSummary(data) {
  const duration = data.metrics.http_req_duration.values;
  const checks = data.metrics.checks.values;
  const thresholdsOk = Object.values(data.metrics).every((metric) =>
    Object.values(metric.thresholds || {}).every((t) => t.ok),
  );
  const lines = [
    '',
    'handleSummary: custom summary',
    `  requests:   ${data.metrics.http_reqs.values.count}`,
    `  p(95):      ${duration['p(95)'].toFixed(2)} ms`,
    `  checks:     ${checks.passes} passed, ${checks.fails} failed`,
    `  thresholds: ${thresholdsOk ? 'all passed' : 'some failed'}`,
    `  iterations: ${data.metrics.iterations.values.count}`,
    '',
  ];
  // Keys are "stdout", "stderr" or a file path; values are what gets written there.
  return {
    stdout: lines.join('\n'),
    [`${SUMMARY_DIR}/qk6-handle-summary.json`]: JSON.stringify(data, null, 2),
  };
}
