// Checks and groups: nested groups (their `group` tag is the path, e.g. "::shop::items"), checks with
// extra tags, and thresholds on the checks and group_duration of one group or tag.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/checks-and-groups.js
import http from 'k6/http';
import { check, group } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

export const options = {
  vus: 2,
  iterations: 4,
  thresholds: {
    checks: ['rate==1'],
    'checks{group:::shop::items}': ['rate==1'], // only the checks made inside shop > items
    'checks{area:account}': ['rate==1'], // only the checks tagged area=account
    'group_duration{group:::shop}': ['max<2000'],
    'http_req_duration{group:::shop::items}': ['p(95)<500'],
  },
};

export default function () {
  // group() returns what its function returns.
  const firstId = group('shop', () => {
    const home = http.get(`${BASE_URL}/`);
    check(home, { 'home page is HTML': (r) => String(r.headers['Content-Type']).startsWith('text/html') });

    return group('items', () => {
      const list = http.get(`${BASE_URL}/api/items`);
      // check() returns true only when every assertion passed.
      const ok = check(list, {
        'items: status 200': (r) => r.status === 200,
        'items: is a JSON array': (r) => Array.isArray(r.json()),
        'items: first one is Espresso': (r) => r.json('0.name') === 'Espresso',
      });
      return ok ? list.json('0.id') : undefined;
    });
  });

  group('account', () => {
    const login = http.post(`${BASE_URL}/api/login`, JSON.stringify({ username: 'carol', password: 'christmas' }), {
      headers: { 'Content-Type': 'application/json' },
    });
    // Extra tags go on every `checks` sample of this call.
    check(login, {
      'login: 200': (r) => r.status === 200,
      'login: carol': (r) => r.json('username') === 'carol',
    }, { area: 'account' });
  });

  // A check needs no HTTP response: any value works.
  check(firstId, { 'the shop group returned an id': (id) => id === 1 });
}
