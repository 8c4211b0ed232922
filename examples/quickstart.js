// A realistic first k6 test: ramping VUs, setup() login, groups, checks, custom metrics and
// thresholds (including one on a group's submetric). `npm run demo` runs it against the demo target;
// or start the target yourself: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/quickstart.js
import http from 'k6/http';
import { check, group, sleep } from 'k6';
import { Counter, Trend } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

// Custom metrics are declared in the init context.
const itemRoundTrip = new Trend('item_round_trip', true); // create → read → delete, in ms
const itemsCreated = new Counter('items_created');

export const options = {
  stages: [
    { duration: '3s', target: 5 }, // ramp up to 5 VUs
    { duration: '6s', target: 5 }, // hold
    { duration: '3s', target: 0 }, // ramp down
  ],
  thresholds: {
    http_req_duration: ['p(95)<500'], // 95% of requests under 500 ms
    http_req_failed: ['rate<0.01'], // under 1% errors
    checks: ['rate>0.99'],
    'http_req_duration{group:::items}': ['p(95)<400'], // only the requests made in group "items"
    item_round_trip: ['p(95)<1000', 'avg<500'],
    items_created: ['count>0'],
  },
};

// Runs once before the load: log in and hand the session token to every VU.
export function setup() {
  const health = http.get(`${BASE_URL}/api/health`);
  if (health.status !== 200) {
    throw new Error(`the target at ${BASE_URL} is not healthy (status ${health.status})`);
  }
  const login = http.post(
    `${BASE_URL}/api/login`,
    JSON.stringify({ username: 'alice', password: 'wonderland' }),
    { headers: { 'Content-Type': 'application/json' } },
  );
  check(login, { 'setup: logged in': (r) => r.status === 200 });
  console.log(`testing ${BASE_URL} as ${login.json('username')}`);
  return { token: login.json('token') };
}

export default function (data) {
  group('home page', () => {
    const res = http.get(`${BASE_URL}/`);
    check(res, {
      'home: status is 200': (r) => r.status === 200,
      'home: has the title': (r) => r.body.includes('qk6 demo target'),
    });
  });

  group('items', () => {
    const list = http.get(`${BASE_URL}/api/items`);
    check(list, {
      'items: listed': (r) => r.status === 200,
      'items: at least 3': (r) => r.json().length >= 3,
    });

    const started = Date.now();
    const created = http.post(
      `${BASE_URL}/api/items`,
      JSON.stringify({ name: `item from VU ${__VU}`, price: 1.5 }),
      { headers: { 'Content-Type': 'application/json' } },
    );
    const ok = check(created, {
      'items: created (201)': (r) => r.status === 201,
      'items: got an id': (r) => typeof r.json('id') === 'number',
    });
    if (!ok) return;
    itemsCreated.add(1);

    const id = created.json('id');
    const read = http.get(`${BASE_URL}/api/items/${id}`);
    check(read, { 'items: read back': (r) => r.status === 200 && r.json('name') === `item from VU ${__VU}` });
    const removed = http.del(`${BASE_URL}/api/items/${id}`);
    check(removed, { 'items: deleted (204)': (r) => r.status === 204 });
    itemRoundTrip.add(Date.now() - started);
  });

  group('account', () => {
    const me = http.get(`${BASE_URL}/api/me`, {
      headers: { Authorization: `Bearer ${data.token}` },
    });
    check(me, {
      'account: authorised': (r) => r.status === 200,
      'account: is alice': (r) => r.json('username') === 'alice',
    });
  });

  sleep(0.5 + Math.random() * 0.5); // think time
}
