// Redirects: k6 follows them (up to `maxRedirects`, default 10); `redirects: 0` returns the 3xx itself,
// 303 turns a POST into a GET while 307 keeps the method and body.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/redirects.js
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

export const options = {
  iterations: 1,
  maxRedirects: 5, // the default for every request of the test
  thresholds: {
    checks: ['rate==1'],
    http_req_failed: ['rate==0'], // a 3xx is an expected status by default
  },
};

export default function () {
  // Followed: /redirect/3 → /redirect/2 → /redirect/1 → /api/health
  const followed = http.get(`${BASE_URL}/redirect/3`);
  check(followed, {
    'the chain ends with 200': (r) => r.status === 200,
    'res.url is the final URL': (r) => r.url === `${BASE_URL}/api/health`,
    'the final body is the health check': (r) => r.json('status') === 'ok',
  });

  // Not followed: the first response comes back as it is.
  const first = http.get(`${BASE_URL}/redirect/3`, { redirects: 0 });
  check(first, {
    'redirects: 0 returns the 302': (r) => r.status === 302,
    'the Location header points to the next hop': (r) => r.headers['Location'] === '/redirect/2',
    'res.url is the requested URL': (r) => r.url === `${BASE_URL}/redirect/3`,
  });

  // A limit lower than the chain: k6 stops there and returns the last redirect response.
  const limited = http.get(`${BASE_URL}/redirect/3`, { redirects: 1 });
  check(limited, {
    'the limit stops the chain at a 302': (r) => r.status === 302,
    'after one hop we are at /redirect/2': (r) => r.url === `${BASE_URL}/redirect/2`,
  });

  // 303 See Other: the next request is a GET without the body.
  const seeOther = http.post(`${BASE_URL}/redirect-to?url=/echo&status=303`, 'first body');
  check(seeOther, {
    '303 turns POST into GET': (r) => r.json('method') === 'GET',
    '303 drops the body': (r) => r.json('body') === '',
  });

  // 307 Temporary Redirect: method and body are sent again.
  const temporary = http.post(`${BASE_URL}/redirect-to?url=/echo&status=307`, 'kept body');
  check(temporary, {
    '307 keeps the method': (r) => r.json('method') === 'POST',
    '307 keeps the body': (r) => r.json('body') === 'kept body',
  });

  // Absolute Location URLs work too.
  const absolute = http.get(`${BASE_URL}/redirect-to?url=${encodeURIComponent(`${BASE_URL}/api/items/1`)}`);
  check(absolute, { 'an absolute Location is followed': (r) => r.json('id') === 1 });
}
