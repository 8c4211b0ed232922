// Cookies: a login session cookie kept by the VU's jar, http.cookieJar() with set/cookiesForURL/
// delete/clear, per-request cookies, a separate jar, and the jar being emptied between iterations.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/cookies.js
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';
const EXPECT_401 = { responseCallback: http.expectedStatuses(401) };

export const options = {
  vus: 1,
  iterations: 2,
  thresholds: {
    checks: ['rate==1'],
    http_req_failed: ['rate==0'],
  },
};

export default function () {
  const jar = http.cookieJar();

  // Each iteration starts with an empty jar (unless `noCookiesReset: true`).
  check(http.get(`${BASE_URL}/api/me`, EXPECT_401), {
    'a new iteration starts logged out': (r) => r.status === 401,
  });

  // An object body is sent as a form; the response sets the `session` cookie.
  const login = http.post(`${BASE_URL}/api/login`, { username: 'bob', password: 'builder' });
  check(login, {
    'login is 200': (r) => r.status === 200,
    'login sets a session cookie': (r) => r.cookies.session !== undefined && r.cookies.session[0].value.length > 0,
    'the session cookie is HttpOnly': (r) => r.cookies.session[0].http_only === true,
  });

  // The VU's jar stored it and sends it back automatically.
  check(jar.cookiesForURL(BASE_URL), { 'the jar holds the session': (c) => c.session.length === 1 });
  check(http.get(`${BASE_URL}/api/me`), { 'the session cookie logs us in': (r) => r.json('username') === 'bob' });

  // Set a cookie by hand, and one limited to a path.
  jar.set(BASE_URL, 'flavour', 'oatmeal');
  jar.set(`${BASE_URL}/api`, 'api_only', 'yes', { path: '/api' });
  const seen = http.get(`${BASE_URL}/cookies`);
  check(seen, {
    'a cookie set on the jar is sent': (r) => r.json('cookies.flavour') === 'oatmeal',
    'a path cookie stays on its path': (r) => r.json().cookies.api_only === undefined,
  });
  check(jar.cookiesForURL(`${BASE_URL}/api/me`), { 'the path cookie is sent under /api': (c) => c.api_only[0] === 'yes' });

  // Cookies for one request only: sent, never stored.
  const once = http.get(`${BASE_URL}/cookies`, { cookies: { one_off: 'please' } });
  check(once, { 'a request cookie is sent': (r) => r.json('cookies.one_off') === 'please' });
  check(jar.cookiesForURL(BASE_URL), { 'a request cookie is not stored': (c) => c.one_off === undefined });

  // Cookies set during a redirect are kept for the next hop.
  const viaRedirect = http.get(`${BASE_URL}/cookies/set?chip=chocolate`);
  check(viaRedirect, { 'a cookie set by a redirect arrives': (r) => r.json('cookies.chip') === 'chocolate' });

  // A jar of our own: requests made with it do not see the VU jar's session.
  const otherJar = new http.CookieJar();
  check(http.get(`${BASE_URL}/api/me`, { jar: otherJar, ...EXPECT_401 }), {
    'another jar has no session': (r) => r.status === 401,
  });

  // delete() drops one cookie, clear() all cookies of the URL.
  jar.delete(BASE_URL, 'flavour');
  check(jar.cookiesForURL(BASE_URL), { 'delete removed one cookie': (c) => c.flavour === undefined && c.session !== undefined });
  jar.clear(BASE_URL);
  check(http.get(`${BASE_URL}/api/me`, EXPECT_401), { 'after clear() we are logged out': (r) => r.status === 401 });
}
