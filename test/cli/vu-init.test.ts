// VU initialisation as a user sees it: every VU runs the init code with its own `__VU`, `__ENV` and
// Math.random sequence, whichever worker it lands on — also the VUs that start from the engine
// template (src/vu/engine-template.ts) instead of compiling qk6's runtime modules themselves.
import { describe, expect, it } from 'vitest';
import { runInline } from '../helpers/run-cli.js';
import { explain } from './helpers/cli-test-kit.js';
import { parseLogLines, reported } from './helpers/log-lines.js';

const SCRIPT = `
import http from 'k6/http';
import { check } from 'k6';
import encoding from 'k6/encoding';
import { label } from './label.js';

const drawn = [Math.random(), Math.random()];
console.log('init ' + JSON.stringify({ vu: __VU, env: __ENV.TEAM, drawn, label: label(__VU), b64: encoding.b64encode('vu' + __VU) }));

export default function () {
  check(http, { 'k6/http is there': (module) => typeof module.get === 'function' });
}
`;

interface InitReport {
  vu: number;
  env: string;
  drawn: [number, number];
  label: string;
  b64: string;
}

// On Node 20 `qk6 run` relaunches Node with WebAssembly stack switching (src/cli/relaunch.ts) and
// VUs run the sync QuickJS build; QK6_ENGINE=asyncify (and any other Node) keeps the asyncify
// build. Both must behave the same.
const SWITCHED = 'VUs run the sync QuickJS build on WebAssembly stack switching';
const ASYNCIFY = 'VUs run the asyncify QuickJS build (WebAssembly stack switching is off or unavailable here)';
const ENGINES = [
  { engine: undefined, line: /^11\./.test(process.versions.v8) ? SWITCHED : ASYNCIFY },
  { engine: 'asyncify', line: ASYNCIFY },
] as const;

describe('VU init', () => {
  for (const [workers, { engine, line }] of ['1', '2'].flatMap((count) => ENGINES.map((entry) => [count, entry] as const))) {
    it(`gives each of 12 VUs its own identity, environment and random numbers (${workers} worker(s), ${engine ?? 'default'} engine)`, async () => {
      const result = await runInline(
        { 'script.js': SCRIPT, 'label.js': 'export const label = (vu) => `vu-${vu}`;' },
        ['-v', '--vus', '12', '--iterations', '12', '--workers', workers, '-e', 'TEAM=blue'],
        { env: { QK6_ENGINE: engine } },
      );
      expect(result.exitCode, explain(result)).toBe(0);
      // VU 0 is the one that reads the options; 1..12 run the test.
      const reports = reported<InitReport>(result.stderr, 'init').filter((report) => report.vu > 0);
      expect(reports.map((report) => report.vu).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      for (const report of reports) {
        expect(report).toMatchObject({ env: 'blue', label: `vu-${report.vu}`, b64: Buffer.from(`vu${report.vu}`).toString('base64') });
      }
      const drawn = reports.flatMap((report) => report.drawn);
      expect(new Set(drawn).size, 'two VUs drew the same number').toBe(drawn.length);
      const engines = parseLogLines(result.stderr).filter((log) => log.msg.startsWith('VUs run the'));
      expect(engines.map((log) => log.msg)).toEqual(Array.from({ length: Number(workers) }, () => line));
      // Each worker made one template after its first VU; the others started from it.
      const templates = parseLogLines(result.stderr).filter((line) => line.msg.startsWith('VUs start from an engine template'));
      expect(templates).toHaveLength(Number(workers));
      // --vus on the command line: the launcher started every worker before the CLI loaded (early-worker.ts).
      const workerLines = parseLogLines(result.stderr).filter((line) => /^worker \d/.test(line.msg));
      expect(workerLines.map((line) => line.msg.replace(/: .*/, '')).sort()).toEqual(
        workers === '1' ? ['worker 0 (started early)'] : ['worker 0 (started early)', 'worker 1 (started early)'],
      );
    });
  }
});

describe('VUs sharing WebAssembly instances', () => {
  // 80 VUs on one worker start from copies of a template of six engines (src/execution/vu-runner.ts
  // vusPerCopy): six VUs to a stack-switched instance; asyncify keeps one each.
  it('give each of 80 VUs its own identity, environment and random numbers', async () => {
    const result = await runInline(
      { 'script.js': SCRIPT, 'label.js': 'export const label = (vu) => `vu-${vu}`;' },
      ['-v', '--vus', '80', '--iterations', '160', '--workers', '1', '-e', 'TEAM=blue'],
    );
    expect(result.exitCode, explain(result)).toBe(0);
    const reports = reported<InitReport>(result.stderr, 'init').filter((report) => report.vu > 0);
    expect(reports.map((report) => report.vu).sort((a, b) => a - b)).toEqual(Array.from({ length: 80 }, (_, index) => index + 1));
    for (const report of reports) {
      expect(report).toMatchObject({ env: 'blue', label: `vu-${report.vu}`, b64: Buffer.from(`vu${report.vu}`).toString('base64') });
    }
    const drawn = reports.flatMap((report) => report.drawn);
    expect(new Set(drawn).size, 'two VUs drew the same number').toBe(drawn.length);
    const [template] = parseLogLines(result.stderr).filter((line) => line.msg.startsWith('VUs start from an engine template'));
    const switched = parseLogLines(result.stderr).some((line) => line.msg === SWITCHED);
    expect(template?.msg).toMatch(switched ? /compiled once for its 6 engines, \d+ KiB copied per 6 VUs$/ : /modules compiled, \d+ KiB copied per VU$/);
    expect(result.stdout).toMatch(/checks_succeeded\.+: 100\.00% 160 out of 160/);
  });
});

describe('VU workers started before the CLI loads', () => {
  const workerLines = (stderr: string): string[] =>
    parseLogLines(stderr)
      .filter((line) => /^worker \d/.test(line.msg))
      .map((line) => line.msg.replace(/: .*/, ''))
      .sort();

  it("are only the first when the VU count is the script's own", async () => {
    const script = `export const options = { vus: 4, iterations: 8 };\nexport default function () {}\n`;
    const result = await runInline({ 'script.js': script }, ['-v', '--workers', '2']);
    expect(result.exitCode, explain(result)).toBe(0);
    expect(workerLines(result.stderr)).toEqual(['worker 0 (started early)', 'worker 1']);
  });

  it('that the run does not use are let go, and the run is unaffected', async () => {
    // --vus 10 suggests two workers, but the script's scenario keeps its own single VU.
    const script = `export const options = { scenarios: { one: { executor: 'per-vu-iterations', vus: 1, iterations: 3 } } };\nexport default function () {}\n`;
    const result = await runInline({ 'script.js': script }, ['-v', '--vus', '10', '--workers', '2']);
    expect(result.exitCode, explain(result)).toBe(0);
    expect(workerLines(result.stderr)).toEqual(['worker 0 (started early)']);
    expect(parseLogLines(result.stderr).map((line) => line.msg)).toContain('1 worker(s) started early but not needed by this run: ended');
    expect(result.stdout).toMatch(/iterations\.+: 3 /);
  });
});
