// Remote modules through the real CLI: imports from a 127.0.0.1 server (stand-ins for jslib.k6.io's
// k6-utils, k6chaijs and k6-summary in test/fixtures/jslib) are downloaded once before the test,
// cached on disk, and then run offline from the cache with the server gone.
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runInline } from '../helpers/run-cli.js';

const JSLIB = join(repoRoot, 'test', 'fixtures', 'jslib');
let server: Server;
let base = '';
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = normalize(join(JSLIB, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    requests.push(req.url ?? '');
    if (!path.startsWith(JSLIB) || !statSync(path, { throwIfNoEntry: false })?.isFile()) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('content-type', 'application/javascript');
    res.end(readFileSync(path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function script(host: string): string {
  return `import { check } from 'k6';
import { randomIntBetween, randomString, uuidv4, findBetween } from '${host}/k6-utils/1.4.0/index.js';
import { describe, expect } from '${host}/k6chaijs/4.3.4.3/index.js';
import { textSummary } from '${host}/k6-summary/0.1.0/index.js';

export const options = { iterations: 2, thresholds: { checks: ['rate==1'] } };

export default function () {
  describe('utils', () => {
    const n = randomIntBetween(5, 7);
    expect(n, 'random int').to.be.within(5, 7);
    expect(randomString(12)).to.have.lengthOf(12);
    expect(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuidv4())).to.be.true;
    expect(findBetween('<b>bold</b>', '<b>', '</b>')).to.equal('bold');
  });
}

export function handleSummary(data) {
  return { stdout: textSummary(data, { indent: ' ', enableColors: false }) };
}
`;
}

/** Files under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('remote modules', () => {
  it('downloads once before the VUs start, runs jslib-style modules, then runs offline from the cache', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'qk6-cache-'));
    const env = { QK6_CACHE_DIR: cacheDir };
    requests.length = 0;
    const online = await runInline({ 'test.js': script(base) }, ['--workers', '2', '--vus', '2', '-q'], { env });
    expect(online.stderr).not.toMatch(/level=error/);
    expect(online.exitCode).toBe(0);
    expect(online.stdout).toContain('█ utils');
    expect(online.stdout).toMatch(/checks\.+: 100\.00% 8 out of 8/);
    // Each module once, whatever the number of VUs and workers (k6-utils' relative import included).
    expect(requests.sort()).toEqual(['/k6-summary/0.1.0/index.js', '/k6-utils/1.4.0/index.js', '/k6-utils/1.4.0/lib/uuid.js', '/k6chaijs/4.3.4.3/index.js']);
    expect(filesUnder(cacheDir)).toHaveLength(4);

    requests.length = 0;
    const offline = await runInline({ 'test.js': script(base) }, ['--offline', '-q'], { env });
    expect(offline.exitCode).toBe(0);
    expect(offline.stdout).toMatch(/checks\.+: 100\.00% 8 out of 8/);
    expect(requests).toEqual([]);
  });

  it('says clearly when an offline run lacks a module and when a download fails', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'qk6-cache-'));
    const offline = await runInline({ 'test.js': script(base) }, ['--offline', '-q'], { env: { QK6_CACHE_DIR: cacheDir } });
    expect(offline.exitCode).toBe(107);
    expect(offline.stderr).toContain(`The moduleSpecifier \\"${base}/k6-`);
    expect(offline.stderr).toContain('not in the module cache');
    const missing = await runInline({ 'test.js': `import x from '${base}/nope.js';\nexport default function () {}` }, ['-q'], { env: { QK6_CACHE_DIR: cacheDir, QK6_OFFLINE: '' } });
    expect(missing.exitCode).toBe(107);
    expect(missing.stderr).toContain(`Error : \\"not found: ${base}/nope.js\\"`);
  });
});
