// File uploads: `http.file()` inside an object body makes k6 send multipart/form-data (one part per
// key, files with their filename and content type, other values as plain fields), checked
// against the demo target's /echo.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/file-upload.js
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

// open(path, 'b') gives an ArrayBuffer; its bytes are sent unchanged.
const users = open('./data/users.json', 'b');

export const options = {
  iterations: 1,
  thresholds: { checks: ['rate==1'], http_req_failed: ['rate==0'] },
};

export default function () {
  const res = http.post(`${BASE_URL}/echo`, {
    description: 'test users',
    upload: http.file(users, 'users.json', 'application/json'),
    notes: http.file('uploaded by k6\n', 'notes.txt', 'text/plain'),
  });

  check(res, {
    'upload is 200': (r) => r.status === 200,
    'sent as multipart/form-data with a boundary': (r) => /^multipart\/form-data; boundary=\w+$/.test(r.json().headers['content-type']),
    'the file part has its name and type': (r) => r.json('body').includes('name="upload"; filename="users.json"\r\nContent-Type: application/json'),
    'plain values are form fields': (r) => r.json('body').includes('name="description"\r\n\r\ntest users\r\n'),
    'res.request.body is what the server got': (r) => r.request.body.length === r.json('body').length && r.json('bodyLength') > users.byteLength,
  });
}
