// The test life cycle: init code (once per VU), setup() once, default() per iteration with the
// setup data, teardown() once with the same data; __VU and __ITER tell who is running.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/lifecycle.js
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

export const options = {
  vus: 2,
  iterations: 4,
  thresholds: { checks: ['rate==1'] },
};

// Init code: runs for every VU (and a few more times, e.g. to read `options`). __VU is 0 outside VUs.
console.log(`init code, __VU=${__VU}`);

export function setup() {
  console.log(`setup runs once, __VU=${__VU}`);
  const items = http.get(`${BASE_URL}/api/items`).json();
  // Whatever setup() returns is copied (as JSON) to every default() and to teardown().
  return { itemIds: items.map((item) => item.id), startedAt: Date.now() };
}

export default function (data) {
  // __ITER counts this VU's iterations from 0.
  console.log(`VU ${__VU}, iteration ${__ITER}: ${data.itemIds.length} item ids from setup`);
  const id = data.itemIds[(__VU + __ITER) % data.itemIds.length];
  const res = http.get(`${BASE_URL}/api/items/${id}`);
  check(res, {
    'setup data reached the VU': () => data.itemIds.length >= 3,
    'the VU number is 1 or 2': () => __VU === 1 || __VU === 2,
    'the item from setup exists': (r) => r.status === 200 && r.json('id') === id,
  });
  // Each VU gets its own copy of the data: changing it here changes nothing in other VUs or teardown.
  data.touchedBy = __VU;
}

export function teardown(data) {
  console.log(`teardown runs once after ${Date.now() - data.startedAt} ms, __VU=${__VU}`);
  check(data, { 'teardown got the setup data unchanged': (d) => d.touchedBy === undefined });
}
