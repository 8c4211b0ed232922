// The sandbox, probed by a script written like a malicious one: it hunts for a way out of its VU —
// Node globals, constructor chains, Function('return this')(), the host bridge, importing node: or
// file: URLs of qk6's own files and its internal module, prototype pollution aimed at the other VU,
// open() outside init, huge allocations, host functions fed garbage — and records every attempt
// that got anything. The run must find nothing, and the process must survive and end normally.
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-cli.js';
import { explain, runWithExport, type ExportedRun } from '../cli/helpers/cli-test-kit.js';
import { reported } from '../cli/helpers/log-lines.js';

const MALICIOUS_SCRIPT = String.raw`
import http from 'k6/http';
import { check, group, sleep } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import exec from 'k6/execution';

export const options = {
  scenarios: { evil: { executor: 'per-vu-iterations', vus: 2, iterations: 1, maxDuration: '30s' } },
};

const stringify = JSON.stringify;
const QK6 = __ENV.QK6_ROOT;
const found = [];    // every attempt that got something: must stay empty
const attempts = []; // every attempt, to show the test looked
function attempt(name, fn) {
  attempts.push(name);
  try {
    return fn();
  } catch (e) {
    return undefined;
  }
}
function nothing(name, fn) {
  const value = attempt(name, fn);
  if (value !== undefined && value !== null) found.push(name);
}

// Node and engine globals, directly and through every route to the global object.
for (const name of ['require', 'process', 'module', 'exports', '__qk6host', '__dirname', '__filename', 'Buffer', 'Deno', 'Bun',
  'std', 'os', 'WebAssembly', 'importScripts', 'scriptArgs']) {
  nothing('global ' + name, () => globalThis[name]);
  nothing('Function("return this")().' + name, () => Function('return this')()[name]);
  nothing('indirect eval ' + name, () => (0, eval)('this')[name]);
  nothing('constructor chain ' + name, () => ({}).constructor.constructor('return typeof ' + name + ' === "undefined" ? undefined : ' + name)());
  nothing('async constructor chain ' + name, () => (async () => {}).constructor('return 1').constructor('return this')()[name]);
}
nothing('the bridge property', () => Object.getOwnPropertyDescriptor(globalThis, '__qk6host'));
nothing('caller of a k6 function', () => check.caller);
nothing('arguments.callee.caller', () => Function('return arguments.callee.caller')());
nothing('a k6 function bound to a host object', () => Object.getOwnPropertyNames(http).filter((key) => /host|bridge|native/i.test(key))[0]);
const hostish = Object.getOwnPropertyNames(globalThis).filter((name) => /host|bridge|native|process|require/i.test(name));
if (hostish.length > 0) found.push('globals named ' + hostish.join(','));

// Modules: Node built-ins, quickjs-libc, qk6's internal module, qk6's own files by file: URL.
const imports = ['node:fs', 'fs', 'node:child_process', 'node:worker_threads', 'std', 'os', 'qk6:internal', 'qk6:bootstrap',
  'qk6-runtime:///internal.js', 'file://' + QK6 + '/runtime/internal.js', 'file://' + QK6 + '/runtime/modules/k6-http.js',
  'file://' + QK6 + '/dist/vu/virtual-user.js', 'file://' + QK6 + '/dist/vu/host-bridge.js', 'file://' + QK6 + '/dist/cli/main.js',
  'file://' + QK6 + '/node_modules/quickjs-emscripten/dist/index.mjs', '../../../../../../../../' + QK6 + '/runtime/internal.js'];
const imported = [];
for (const name of imports) {
  attempts.push('import ' + name);
  import(name).then(
    (namespace) => { imported.push(name); found.push('import ' + name + ' → ' + Object.keys(namespace).join(',')); },
    () => undefined,
  );
}

// open() in init reads files the user may read, as in k6.
const data = open('./data.txt');

const counter = new Counter('evil_counter');

// Pollution aimed at the other VU: done by VU 1 in its init, checked by VU 2 in its iteration.
if (__VU === 1) {
  Object.prototype.pollutedByVu1 = 'yes';
  Array.prototype.push = function () { return 'hijacked'; };
  Math.random = () => 4;
  globalThis.sharedSecret = 'vu1';
  JSON.stringify = () => '{"hijacked":true}';
}


export default function () {
  JSON.stringify = stringify; // VU 1 undoes its own damage, so that it can report
  if (__VU === 2) {
    attempts.push('pollution from VU 1');
    if (({}).pollutedByVu1 !== undefined) found.push('Object.prototype pollution crossed VUs');
    if ([].push(1) === 'hijacked') found.push('Array.prototype pollution crossed VUs');
    if (Math.random() === 4) found.push('Math pollution crossed VUs');
    if (globalThis.sharedSecret !== undefined) found.push('a global crossed VUs');
    if (JSON.stringify({ a: 1 }) !== '{"a":1}') found.push('JSON pollution crossed VUs');
  }
  nothing('open(/etc/passwd) outside init', () => open('/etc/passwd'));
  nothing('open(data.txt) outside init', () => open('./data.txt'));

  // Host functions fed garbage: an exception or a failed response each time, never a crash.
  const garbage = [undefined, null, 0, -1, NaN, Infinity, '', 'x'.repeat(100000), {}, [], () => 1, Symbol('s'), new ArrayBuffer(8),
    new Uint8Array(4), { toString() { throw new Error('toString trap'); } }, new Proxy({}, { get() { throw new Error('proxy trap'); } })];
  let threw = 0;
  let calls = 0;
  for (const g of garbage) {
    for (const call of [
      () => http.get(g), () => http.request(g, g, g, g), () => http.post('http://127.0.0.1:1/', g, g), () => http.batch(g),
      () => http.batch([g, [g, g], { method: g, url: g }]),
      () => http.get('http://127.0.0.1:1/', { headers: g, timeout: g, tags: g, redirects: g, responseType: g, cookies: g, jar: g, auth: g, compression: g }),
      () => counter.add(g, g), () => new Trend(g, g), () => check(g, g), () => group(g, g),
      () => sleep(typeof g === 'number' && g > 0 ? 0 : g), () => open(g), () => open('./data.txt', g),
      () => { exec.vu.tags[String(typeof g)] = g; }, () => console.log(g, g),
      () => http.cookieJar().set(g, g, g, g), () => http.cookieJar().cookiesForURL(g), () => http.cookieJar().clear(g),
      () => globalThis.__qk6.activate(g, g, g), () => globalThis.__qk6.callExport(g, g, g), () => globalThis.__qk6.describeExports.call(g),
    ]) {
      calls += 1;
      try {
        call();
      } catch (e) {
        threw += 1;
      }
    }
  }

  // Huge allocations: a RangeError or an out-of-memory error, never a crash.
  nothing('2 GiB ArrayBuffer', () => new ArrayBuffer(2 ** 31));
  nothing('1 GiB string', () => 'x'.repeat(2 ** 30));
  nothing('4G-element array', () => new Array(2 ** 32 - 1).fill(0));
  nothing('endless recursion', () => { const f = (n) => f(n + 1) + 1; return f(0); });

  console.log('report ' + stringify({ vu: __VU, found, attempts: attempts.length, calls, threw, imported, dataRead: data.trim() }));
}
`;

interface Report {
  vu: number;
  found: string[];
  attempts: number;
  calls: number;
  threw: number;
  imported: string[];
  dataRead: string;
}

describe('the sandbox against a malicious script', () => {
  let run: ExportedRun;
  let reports: Report[];

  beforeAll(async () => {
    run = await runWithExport(MALICIOUS_SCRIPT, ['-e', `QK6_ROOT=${repoRoot.replace(/\/$/, '')}`], {
      files: { 'data.txt': 'readable in init\n' },
      timeoutMs: 90_000,
    });
    reports = reported<Report>(run.stderr, 'report').sort((a, b) => a.vu - b.vu);
  }, 100_000);

  it('survives: the run ends normally (exit 0) with both iterations and a summary', () => {
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.summary.metrics.iterations?.count).toBe(2);
    expect(run.stdout).toContain('TOTAL RESULTS');
    expect(run.stderr).not.toContain('qk6 bug');
  });

  it('finds no way out in either VU: no Node global, no bridge, no import, no pollution across VUs', () => {
    expect(reports.map((report) => report.vu)).toEqual([1, 2]);
    for (const report of reports) {
      expect(report.found, `VU ${report.vu}`).toEqual([]);
      expect(report.imported).toEqual([]);
      expect(report.attempts).toBeGreaterThan(90);
    }
  });

  it('lets open() read a file the user may read in init only', () => {
    for (const report of reports) expect(report.dataRead).toBe('readable in init');
  });

  it('answers every garbage call to a host function with an exception or a failed response, never a crash', () => {
    for (const report of reports) {
      expect(report.calls).toBe(16 * 21);
      expect(report.threw).toBeGreaterThan(report.calls / 2);
    }
  });
});
