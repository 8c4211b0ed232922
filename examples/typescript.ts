// A k6 test written in TypeScript: qk6 runs .ts scripts (and the .ts modules they import) without a
// build step; types are stripped as the file loads and errors point at this file's lines.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/typescript.ts
import http from 'k6/http';
import { check } from 'k6';
import type { Options } from 'k6/options';

interface Item {
  id: number;
  name: string;
}

enum Expect {
  Ok = 200,
  Created = 201,
}

const BASE_URL: string = __ENV.BASE_URL || 'http://127.0.0.1:3333';

export const options: Options = {
  iterations: 3,
  thresholds: { checks: ['rate==1'] },
};

function createItem(name: string): Item {
  const res = http.post(`${BASE_URL}/api/items`, JSON.stringify({ name }), { headers: { 'Content-Type': 'application/json' } });
  check(res, { 'item created': (r) => r.status === Expect.Created });
  return res.json() as unknown as Item;
}

export default function (): void {
  const item: Item = createItem(`ts-${__VU}-${__ITER}`);
  const res = http.get(`${BASE_URL}/api/items/${item.id}`);
  check(res, {
    'item read back': (r) => r.status === Expect.Ok && (r.json('name') as string) === item.name,
  });
}
