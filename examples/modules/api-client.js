// A small client for the demo target's items API, used by ../local-modules.js. Local modules can
// import k6 modules and other local files; relative paths resolve from the importing file.
import http from 'k6/http';
import { JSON_PARAMS } from './http-defaults.js';

/** Returns helpers bound to `baseUrl`. */
export function createApiClient(baseUrl) {
  return {
    health: () => http.get(`${baseUrl}/api/health`, JSON_PARAMS),
    listItems: () => http.get(`${baseUrl}/api/items`, JSON_PARAMS),
    createItem: (item) => http.post(`${baseUrl}/api/items`, JSON.stringify(item), JSON_PARAMS),
    deleteItem: (id) => http.del(`${baseUrl}/api/items/${id}`, null, JSON_PARAMS),
  };
}
