// k6/data SharedArray through the real CLI: built once per test (not per VU, not per worker
// thread), the same content in every VU, read-only and frozen like k6's, init-context only.
import { describe, expect, it } from 'vitest';
import { consoleMessages, reported } from '../cli/helpers/log-lines.js';
import { runInline } from '../helpers/run-cli.js';

const script = `
import { SharedArray } from 'k6/data';
import data from 'k6/data';
function error(fn) { try { fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } }

const users = new SharedArray('users', function () {
  console.log('BUILD users');
  return Array.from({ length: 100 }, (_, i) => ({ id: i, name: 'user' + i, tags: ['t' + (i % 3)], nested: { deep: { n: i } } }));
});
const numbers = new SharedArray('numbers', () => [3, 1, 2, 'x', null, true]);
const again = new SharedArray('numbers', () => { throw new Error('not called: the name exists'); });
// Over 1 MB of element JSON: sent to the host in several batches.
const big = new SharedArray('big', () => Array.from({ length: 20000 }, (_, i) => ({ i, pad: 'x'.repeat(100) })));
const weird = new SharedArray('weird', () => [undefined, () => 1, new Date(0)]);

export const initErrors = [
  error(() => new SharedArray('', () => [])),
  error(() => new SharedArray('async', async () => [])),
  error(() => new SharedArray('nofn', [1, 2])),
  error(() => new SharedArray('notarray', () => ({ length: 1, 0: 'a' }))),
  error(() => new SharedArray('undef', () => undefined)),
  error(() => new SharedArray('throws', () => { throw new Error('boom'); })),
];

export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 6, iterations: 1 } } };

export function setup() {
  return { setupError: error(() => new SharedArray('in-setup', () => [])) };
}

export default function (setupData) {
  const first = users[0];
  const report = {
    vu: __VU,
    json: JSON.stringify(users),
    length: users.length,
    isArray: Array.isArray(users),
    frozen: [Object.isFrozen(first), Object.isFrozen(first.tags), Object.isFrozen(first.nested.deep)],
    fresh: users[0] === users[0],
    outside: [users[100], users[-1], users['1.5'], users.foo],
    has: [0 in users, 99 in users, 100 in users, 'length' in users],
    methods: [
      users.map((u) => u.id).reduce((a, b) => a + b, 0),
      users.filter((u) => u.id % 40 === 0).map((u) => u.name),
      users.find((u) => u.id === 42).name,
      users.findIndex((u) => u.id === 7),
      users.some((u) => u.id === 99),
      users.every((u) => typeof u.id === 'number'),
      users.slice(1, 3).map((u) => u.id),
      users.at(-1).id,
      numbers.indexOf(2),
      numbers.includes('x'),
      numbers.join('-'),
      [...numbers].length,
      Array.from(numbers).slice(0, 2),
      Object.keys(numbers),
      numbers.concat([9]).length,
      [...numbers.entries()][1],
    ],
    forOf: (() => { let n = 0; for (const u of users) n += u.nested.deep.n; return n; })(),
    forEach: (() => { let n = 0; users.forEach((u, i, arr) => { n += i; }); return n; })(),
    again: JSON.stringify(again),
    big: [big.length, big[0].i, big[12345].i, big[19999].i, big[19999].pad.length],
    weird: error(() => weird[0]) + ' | ' + error(() => weird[1]) + ' | ' + weird[2],
    writes: [
      error(() => { users[0] = 1; }),
      error(() => { users.length = 0; }),
      error(() => { users.push(1); }),
      error(() => { users.foo = 1; }),
      error(() => { delete users[0]; }),
      error(() => { users[0].name = 'changed'; }),
      error(() => { users[0].tags.push('x'); }),
      error(() => numbers.sort()),
      error(() => numbers.reverse()),
    ],
    inIteration: error(() => new SharedArray('late', () => [1])),
    setupError: setupData.setupError,
    initErrors,
    defaultExport: data.SharedArray === SharedArray,
  };
  console.log('REPORT', JSON.stringify(report));
  if (__VU === 1) new SharedArray('uncaught', () => [1]); // ends this iteration with k6's error
}
`;

interface Report {
  vu: number;
  json: string;
  [key: string]: unknown;
}

describe('k6/data SharedArray', () => {
  it('is built once and read the same, read-only, by every VU in every worker thread', async () => {
    const result = await runInline({ 'script.js': script }, ['-q', '--workers', '2']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(consoleMessages(result.stderr).filter((msg) => msg === 'BUILD users')).toHaveLength(1);
    expect(result.stderr).toContain('level=error msg="GoError: new SharedArray must be called in the init context');
    expect(result.stderr).toMatch(/at default \(file:\/\/[^)]*script\.js:\d+:\d+\)/);
    const reports = reported<Report>(result.stderr, 'REPORT');
    expect(reports.map((r) => r.vu).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const [report] = reports;
    for (const other of reports) {
      const { vu: _vu, ...rest } = other;
      const { vu: _first, ...expected } = report as Report;
      expect(rest).toEqual(expected);
    }
    const users = JSON.parse(report?.json ?? '[]') as Array<{ id: number }>;
    expect(users).toHaveLength(100);
    expect(users[99]).toEqual({ id: 99, name: 'user99', tags: ['t0'], nested: { deep: { n: 99 } } });
    expect(report).toMatchObject({
      length: 100,
      isArray: true,
      frozen: [true, true, true],
      fresh: false,
      outside: [null, null, null, null],
      has: [true, true, false, true],
      methods: [4950, ['user0', 'user40', 'user80'], 'user42', 7, true, true, [1, 2], 99, 2, true, '3-1-2-x--true', 6, [3, 1], ['0', '1', '2', '3', '4', '5'], 7, [1, 1]],
      forOf: 4950,
      forEach: 4950,
      again: '[3,1,2,"x",null,true]',
      big: [20000, 0, 12345, 19999, 100],
      // Elements JSON cannot encode fail on access, as in k6; a Date is its JSON string.
      weird: expect.stringMatching(/^SyntaxError: .* \| SyntaxError: .* \| 1970-01-01T00:00:00.000Z$/),
      writes: [
        'TypeError: SharedArray is immutable',
        'TypeError: SharedArray is immutable',
        'TypeError: SharedArray is immutable',
        'TypeError: SharedArray is immutable',
        'TypeError: SharedArray is immutable',
        expect.stringMatching(/^TypeError: /),
        expect.stringMatching(/^TypeError: /),
        'TypeError: SharedArray is immutable',
        'TypeError: SharedArray is immutable',
      ],
      inIteration: 'GoError: new SharedArray must be called in the init context',
      setupError: 'GoError: new SharedArray must be called in the init context',
      initErrors: [
        "GoError: empty name provided to SharedArray's constructor",
        'GoError: SharedArray constructor does not support async functions as second argument',
        "GoError: a function is expected as the second argument of SharedArray's constructor",
        'GoError: only arrays can be made into SharedArray',
        'TypeError: Cannot convert undefined or null to object',
        'Error: boom',
      ],
      defaultExport: true,
    });
  });
});
