// A runaway loop in init code. k6 has no bound there (its init can hang forever); qk6 stops init
// code after a fixed, documented 30 s (INIT_TIMEOUT_MS, docs/robustness.md) with a clear error and
// exit 107 — the options VU runs on the main thread, where nothing else could stop it. This file
// waits for that bound, so it stays alone and runs beside the other suites.
import { describe, expect, it } from 'vitest';
import { INIT_TIMEOUT_MS } from '../../src/vu/virtual-user.js';
import { runInline } from '../helpers/run-cli.js';
import { explain } from '../cli/helpers/cli-test-kit.js';
import { parseLogLines } from '../cli/helpers/log-lines.js';

describe('qk6 run: a runaway loop in init code', () => {
  it('is stopped after the fixed 30 s init bound with a clear error naming the script (exit 107)', async () => {
    expect(INIT_TIMEOUT_MS).toBe(30_000);
    const started = Date.now();
    const result = await runInline(
      { 'script.js': `let spins = 0;\nwhile (true) { spins++; }\nexport default function () {}\n` },
      [],
      { timeoutMs: 80_000 },
    );
    const elapsed = Date.now() - started;
    expect(result.exitCode, explain(result)).toBe(107);
    const [error] = parseLogLines(result.stderr).filter((line) => line.level === 'error');
    expect(error?.msg).toMatch(
      /^Error: the init code did not finish within 30s, qk6's fixed limit for it: look for an endless loop at the top level of the script or of a module it imports\n\s*at .*script\.js:\d+:\d+/,
    );
    expect(elapsed).toBeGreaterThanOrEqual(INIT_TIMEOUT_MS);
    expect(elapsed).toBeLessThan(INIT_TIMEOUT_MS + 40_000);
  }, 90_000);
});
