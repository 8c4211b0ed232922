// Thresholds: the array form and the object form (`abortOnFail`, `delayAbortEval`), every
// aggregation per metric type, and tag-filtered submetrics. A crossed threshold makes qk6 exit 99;
// with abortOnFail the test stops as soon as it is crossed.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/thresholds.js
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Gauge } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';
const lastStatus = new Gauge('last_status');

export const options = {
  vus: 2,
  duration: '2s',
  thresholds: {
    // Trend: avg, min, med, max and any percentile p(N).
    http_req_duration: ['avg<300', 'min>=0', 'med<300', 'max<2000', 'p(90)<500', 'p(99.9)<1500'],
    // Only the requests whose status tag is 200.
    'http_req_duration{status:200}': ['p(95)<500'],
    // Object form: stop the whole test once more than 5% of requests fail,
    // but give it 1s before the first evaluation that may abort.
    http_req_failed: [{ threshold: 'rate<0.05', abortOnFail: true, delayAbortEval: '1s' }],
    // The two forms can be mixed in one list.
    checks: [{ threshold: 'rate>=0.95', abortOnFail: true }, 'rate>0.9'],
    // Counter: the total count, and rate = count per second of test time.
    http_reqs: ['count>=4', 'rate>1'],
    iterations: ['count>=2'],
    // Gauge: the last value added.
    last_status: ['value==200'],
    iteration_duration: ['p(95)<3000'],
  },
};

export default function () {
  const res = http.get(`${BASE_URL}/api/items/1`);
  check(res, { 'item 1 is there': (r) => r.status === 200 });
  lastStatus.add(res.status);
  sleep(0.2);
}
