// Errors: a network error is a response with status 0 and an error_code (1212 = connection refused,
// 1050 = timeout); which statuses count as failed (`http_req_failed`) is set with expectedStatuses,
// per request or for the whole test with setResponseCallback; `throw: true` raises instead.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/errors.js
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';
const CLOSED_PORT = 'http://127.0.0.1:1/'; // nothing listens here

// For every request of this test, 404 is an expected answer too (default: 200–399).
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 399 }, 404));

export const options = {
  iterations: 1,
  thresholds: {
    checks: ['rate==1'],
    // Network errors are failed requests; thresholds can single them out by their `name` tag.
    'http_req_failed{name:closed-port}': ['rate==1'],
    'http_req_failed{name:slow}': ['rate==1'],
    'http_req_failed{name:expected-statuses}': ['rate==0'],
    http_req_failed: ['rate<0.6'], // 3 of the 6 requests fail on purpose
  },
};

export default function () {
  // Connection refused: no exception, just status 0 and the error fields.
  const refused = http.get(CLOSED_PORT, { tags: { name: 'closed-port' } });
  check(refused, {
    'refused: status is 0': (r) => r.status === 0,
    'refused: error_code is 1212': (r) => r.error_code === 1212,
    'refused: error says why': (r) => typeof r.error === 'string' && r.error.length > 0,
  });

  // A request timeout (default 60s) is an error too.
  const slow = http.get(`${BASE_URL}/delay/3000`, { timeout: '300ms', tags: { name: 'slow' } });
  check(slow, {
    'timeout: status is 0': (r) => r.status === 0,
    'timeout: error_code is 1050': (r) => r.error_code === 1050,
  });

  // throw: true makes the same failure an exception.
  let thrown;
  try {
    http.get(CLOSED_PORT, { throw: true, tags: { name: 'closed-port' } });
  } catch (e) {
    thrown = e;
  }
  check(thrown, { 'throw: true raises on a network error': (e) => e !== undefined && String(e).length > 0 });

  // 404 is expected for this whole test (setResponseCallback above); 418 only for this request.
  const missing = http.get(`${BASE_URL}/api/items/9999`, { tags: { name: 'expected-statuses' } });
  const teapot = http.get(`${BASE_URL}/status/418`, {
    tags: { name: 'expected-statuses' },
    responseCallback: http.expectedStatuses(418),
  });
  check(missing, {
    'missing item: 404': (r) => r.status === 404,
    'an HTTP error status has error_code 1000 + status': (r) => r.error_code === 1404,
  });
  check(teapot, { 'teapot: 418': (r) => r.status === 418 });

  const health = http.get(`${BASE_URL}/api/health`);
  check(health, { 'a successful response has error_code 0': (r) => r.status === 200 && r.error_code === 0 });
}
