// Local modules: split a test into files with relative imports (named and default exports);
// ./modules/api-client.js itself imports ./modules/http-defaults.js.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/local-modules.js
import { check } from 'k6';
import { createApiClient } from './modules/api-client.js';
import expectJson from './modules/assertions.js';

const api = createApiClient(__ENV.BASE_URL || 'http://127.0.0.1:3333');

export const options = {
  vus: 1,
  iterations: 2,
  thresholds: {
    checks: ['rate==1'],
    'http_reqs{client:api-client}': ['count==8'], // tags set in the shared module's params
  },
};

export default function () {
  expectJson(api.health(), 200, 'health');
  expectJson(api.listItems(), 200, 'list');

  const created = api.createItem({ name: `from a module, iteration ${__ITER}` });
  expectJson(created, 201, 'create');
  const removed = api.deleteItem(created.json('id'));
  check(removed, { 'delete: 204': (r) => r.status === 204 });
}
