// A k6 test with two scenarios, in the style of k6's scenarios documentation: a fixed number of
// iterations per VU for browsing and a shared pool of iterations for buying, each with its own
// exec function and tags, and thresholds per scenario and per tag.
import http from 'k6/http';
import { check } from 'k6';
import { Counter } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';
const orders = new Counter('orders');

export const options = {
  scenarios: {
    browse: {
      executor: 'per-vu-iterations',
      vus: 3,
      iterations: 4,
      exec: 'browse',
      tags: { flow: 'browse' },
    },
    buy: {
      executor: 'shared-iterations',
      vus: 2,
      iterations: 5,
      exec: 'buy',
      tags: { flow: 'buy' },
    },
  },
  thresholds: {
    'iterations{scenario:browse}': ['count==12'],
    'iterations{scenario:buy}': ['count==5'],
    'http_reqs{flow:browse}': ['count==12'],
    'http_reqs{flow:buy}': ['count==10'],
    'checks{scenario:buy}': ['rate==1'],
    'http_req_duration{scenario:browse}': ['p(95)<2000'],
    orders: ['count==5'],
  },
};

export function browse() {
  const res = http.get(`${BASE_URL}/api/items?limit=3`);
  check(res, { 'listed 3 items': (r) => r.json('#') === 3 });
}

export function buy() {
  const created = http.post(`${BASE_URL}/api/items`, JSON.stringify({ name: 'order', price: 3.2 }), {
    headers: { 'Content-Type': 'application/json' },
  });
  check(created, { 'order placed': (r) => r.status === 201 });
  const read = http.get(`${BASE_URL}/api/items/${created.json('id')}`);
  check(read, { 'order readable': (r) => r.status === 200 });
  orders.add(1);
}
