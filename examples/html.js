// Scraping and forms with k6/html: parse the demo target's home page, read text, attributes and
// form values with the Selection API, walk elements, then log in by posting the form's own fields.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/html.js
import http from 'k6/http';
import { check, group } from 'k6';
import { parseHTML } from 'k6/html';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

export const options = {
  iterations: 3,
  thresholds: { checks: ['rate==1'], http_req_failed: ['rate==0'] },
};

export default function () {
  const home = http.get(`${BASE_URL}/`);
  const doc = parseHTML(home.body);

  group('read the page', () => {
    const links = doc.find('#links a.nav');
    check(doc, {
      'title text': (d) => d.find('title').text() === 'qk6 demo target',
      'three nav links': () => links.size() === 3,
      'hrefs with map()': () => links.map((i, a) => a.attr('href')).join(',') === '/api/items,/api/health,/cookies',
      'element methods': () => links.get(0).nodeName() === 'a' && links.get(0).textContent() === 'Items',
      'traversal': () => doc.find('h1').next().attr('class') === 'intro' && doc.find('a').first().closest('ul').attr('id') === 'links',
    });
  });

  group('log in with the form', () => {
    const form = doc.find('#login-form');
    // The form's own fields (username, source …), the password filled in by the script.
    const fields = Object.assign(form.serializeObject(), { password: 'wonderland' });
    check(form, {
      'form fields': () => fields.username === 'alice' && fields.source === 'home',
      'form method': (f) => f.attr('method') === 'post',
    });
    const res = http.post(`${BASE_URL}${form.attr('action')}`, fields);
    check(res, { 'logged in': (r) => r.status === 200 && r.json('username') === 'alice' });
  });
}
