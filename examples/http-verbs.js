// Every k6/http verb and body encoding: a plain string, a JSON string with its header, an object
// (sent as a form) and an ArrayBuffer (binary), checked against the demo target's /echo and items API.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/http-verbs.js
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';
const JSON_HEADERS = { headers: { 'Content-Type': 'application/json' } };

export const options = {
  iterations: 1,
  thresholds: {
    checks: ['rate==1'],
    http_req_failed: ['rate==0'],
  },
};

export default function () {
  // GET with a query string; /echo answers with what it received (header names lower-cased).
  const get = http.get(`${BASE_URL}/echo?page=2&tag=a&tag=b`, { headers: { 'X-Demo': 'get' } });
  check(get, {
    'GET echoes the method': (r) => r.json('method') === 'GET',
    'GET sends the query': (r) => r.json().query.page === '2' && r.json().query.tag.length === 2,
    'GET sends custom headers': (r) => r.json().headers['x-demo'] === 'get',
  });

  // HEAD: same status and headers as GET, no body.
  const head = http.head(`${BASE_URL}/api/health`);
  check(head, {
    'HEAD is 200': (r) => r.status === 200,
    'HEAD has no body': (r) => !r.body,
  });

  // POST a plain string: sent as-is.
  const text = http.post(`${BASE_URL}/echo`, 'hello, qk6');
  check(text, { 'POST string body arrives verbatim': (r) => r.json('body') === 'hello, qk6' });

  // POST a JSON string with its Content-Type: the usual way to call a JSON API.
  const created = http.post(`${BASE_URL}/api/items`, JSON.stringify({ name: 'Muffin', price: 2 }), JSON_HEADERS);
  check(created, {
    'POST JSON is 201': (r) => r.status === 201,
    'POST JSON echoes the item': (r) => r.json('name') === 'Muffin',
  });
  const id = created.json('id');

  // PUT replaces, PATCH merges, DELETE removes.
  const put = http.put(`${BASE_URL}/api/items/${id}`, JSON.stringify({ name: 'Blueberry muffin', price: 2.4 }), JSON_HEADERS);
  check(put, { 'PUT replaced the item': (r) => r.status === 200 && r.json('name') === 'Blueberry muffin' });

  const patch = http.patch(`${BASE_URL}/api/items/${id}`, JSON.stringify({ price: 2.6 }), JSON_HEADERS);
  check(patch, { 'PATCH kept the name and changed the price': (r) => r.json('name') === 'Blueberry muffin' && r.json('price') === 2.6 });

  const del = http.del(`${BASE_URL}/api/items/${id}`);
  check(del, { 'DELETE is 204': (r) => r.status === 204 });

  const gone = http.get(`${BASE_URL}/api/items/${id}`, { responseCallback: http.expectedStatuses(404) });
  check(gone, { 'the deleted item is 404': (r) => r.status === 404 });

  // An object body is sent form-urlencoded.
  const form = http.put(`${BASE_URL}/echo`, { name: 'Ada Lovelace', lang: 'en' });
  check(form, {
    'object body is form-urlencoded': (r) => r.json().headers['content-type'].startsWith('application/x-www-form-urlencoded'),
    'form fields arrive': (r) => r.json().form.name === 'Ada Lovelace' && r.json().form.lang === 'en',
  });

  // An ArrayBuffer body is sent as raw bytes (the echo shows non-text bodies as base64).
  const bytes = new Uint8Array([0x00, 0x01, 0x02, 0xfe, 0xff]);
  const binary = http.patch(`${BASE_URL}/echo`, bytes.buffer, {
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  check(binary, {
    'binary body arrives byte for byte': (r) => r.json('bodyEncoding') === 'base64' && r.json('body') === 'AAEC/v8=',
    'binary body has 5 bytes': (r) => r.json('bodyLength') === 5,
  });

  // DELETE with a body, OPTIONS, and the generic http.request().
  const delBody = http.del(`${BASE_URL}/echo`, JSON.stringify({ reason: 'cleanup' }), JSON_HEADERS);
  check(delBody, { 'DELETE can carry a body': (r) => r.json('method') === 'DELETE' && r.json().json.reason === 'cleanup' });

  const opts = http.options(`${BASE_URL}/echo`);
  check(opts, { 'OPTIONS is echoed': (r) => r.json('method') === 'OPTIONS' });

  const custom = http.request('POST', `${BASE_URL}/echo?via=request`, 'raw', { headers: { 'X-Via': 'request' } });
  check(custom, { 'http.request() takes any method': (r) => r.json('method') === 'POST' && r.json().query.via === 'request' });
}
