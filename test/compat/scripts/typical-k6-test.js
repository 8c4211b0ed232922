// A typical k6 load test, written the way k6's documentation writes them: ramping stages, a
// setup() login, groups, checks, custom metrics and thresholds. It runs unchanged on k6 and qk6
// against the demo target (examples/demo-target): `k6 run -e BASE_URL=http://127.0.0.1:3333 …`.
import http from 'k6/http';
import { check, group, sleep } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

const itemsCreated = new Counter('items_created');
const createdOk = new Rate('created_ok');
const itemRoundTrip = new Trend('item_round_trip', true);

export const options = {
  stages: [
    { duration: '1s', target: 2 }, // ramp up to 2 VUs
    { duration: '1s', target: 2 }, // stay there
    { duration: '500ms', target: 0 }, // ramp down
  ],
  thresholds: {
    http_req_failed: ['rate<0.01'], // errors under 1%
    http_req_duration: ['p(95)<2000'], // 95% of requests under 2 s
    'http_req_duration{group:::items}': ['p(95)<2000'],
    checks: ['rate>0.9'],
    'checks{group:::items}': ['rate>0.9'],
    items_created: ['count>0'],
    created_ok: ['rate>0.99'],
    item_round_trip: ['p(95)<2000', 'avg<1000'],
  },
};

export function setup() {
  const res = http.post(`${BASE_URL}/api/login`, JSON.stringify({ username: 'alice', password: 'wonderland' }), {
    headers: { 'Content-Type': 'application/json' },
  });
  check(res, { 'logged in': (r) => r.status === 200 });
  return { token: res.json('token') };
}

export default function (data) {
  group('home', function () {
    const res = http.get(`${BASE_URL}/`);
    check(res, {
      'home status is 200': (r) => r.status === 200,
      'home has the title': (r) => r.body.includes('<h1 id="title">qk6 demo target</h1>'),
    });
  });

  group('items', function () {
    const started = Date.now();
    const name = `item ${__VU}-${__ITER}`;
    const created = http.post(`${BASE_URL}/api/items`, JSON.stringify({ name, price: 2.5 }), {
      headers: { 'Content-Type': 'application/json' },
    });
    check(created, {
      'item created': (r) => r.status === 201,
      'item id is even': (r) => r.json('id') % 2 === 0,
    });
    createdOk.add(created.status === 201);
    itemsCreated.add(1);

    const id = created.json('id');
    const read = http.get(`${BASE_URL}/api/items/${id}`);
    check(read, { 'item read back': (r) => r.json('name') === name });
    http.del(`${BASE_URL}/api/items/${id}`);
    itemRoundTrip.add(Date.now() - started);
  });

  group('account', function () {
    const res = http.get(`${BASE_URL}/api/me`, { headers: { Authorization: `Bearer ${data.token}` } });
    check(res, { 'account is alice': (r) => r.json('username') === 'alice' });
  });

  sleep(0.1);
}
