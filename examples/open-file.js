// open(): read a file in the init context (path relative to this script) as text, or with "b" as an
// ArrayBuffer; here test users come from data/users.json and each iteration logs in as one of them.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/open-file.js
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

// open() only works here, in the init context, and reads the file once per VU.
const users = JSON.parse(open('./data/users.json'));
const raw = open('./data/users.json', 'b');

export const options = {
  vus: 2,
  iterations: 6,
  thresholds: { checks: ['rate==1'], http_req_failed: ['rate==0'] },
};

export default function () {
  const user = users[(__VU * 7 + __ITER) % users.length];
  const login = http.post(`${BASE_URL}/api/login`, { username: user.username, password: user.password });
  check(login, { 'a user from the file can log in': (r) => r.status === 200 });

  const me = http.get(`${BASE_URL}/api/me`);
  check(me, { 'we are that user': (r) => r.json('username') === user.username });

  // Binary file contents can be sent as a request body as they are.
  const upload = http.post(`${BASE_URL}/echo`, raw, { headers: { 'Content-Type': 'application/json' } });
  check(upload, {
    'open(path, "b") is an ArrayBuffer': () => raw instanceof ArrayBuffer && raw.byteLength > 0,
    'the bytes arrive unchanged': (r) => r.json('bodyLength') === raw.byteLength && Array.isArray(r.json().json) && r.json().json.length === users.length,
  });
}
