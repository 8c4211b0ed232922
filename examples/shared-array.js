// k6/data SharedArray: test data loaded once per test — not once per VU — and shared read-only by
// every VU. The function runs in the init context of the first VU only; the others read the same
// elements from memory shared across worker threads. Each iteration logs in as one of the users.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/shared-array.js
import http from 'k6/http';
import { check } from 'k6';
import { SharedArray } from 'k6/data';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

// open() and JSON.parse run once for the whole test, however many VUs there are.
const users = new SharedArray('users', () => JSON.parse(open('./data/users.json')));

export const options = {
  vus: 4,
  iterations: 12,
  thresholds: { checks: ['rate==1'], http_req_failed: ['rate==0'] },
};

export default function () {
  const user = users[(__VU + __ITER) % users.length];
  const login = http.post(`${BASE_URL}/api/login`, { username: user.username, password: user.password });
  check(login, { 'a shared user can log in': (r) => r.status === 200 });

  check(users, {
    'it behaves like an array': (u) => Array.isArray(u) && u.length === 3 && u.map((x) => x.username).join() === 'alice,bob,carol',
    'elements are frozen': (u) => Object.isFrozen(u[0]),
  });
  try {
    users[0] = { username: 'mallory' };
  } catch (error) {
    check(error, { 'it is read-only': (e) => e instanceof TypeError && e.message === 'SharedArray is immutable' });
  }
}
