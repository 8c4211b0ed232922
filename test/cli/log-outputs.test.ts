// Where qk6's log lines go, as in k6: --log-format (text, json, raw), --log-output (stderr, stdout,
// none, file=path) and --console-output / K6_CONSOLE_OUTPUT (the script's console.* lines to a
// file, everything else where it was). A setting that cannot be applied is one error line, exit 255.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInline } from '../helpers/run-cli.js';
import { explain } from './helpers/cli-test-kit.js';
import { consoleMessages, parseLogLines } from './helpers/log-lines.js';

// An unknown option makes qk6 log a warning of its own, beside the script's console line.
const SCRIPT = `export const options = { iterations: 1, notAnOption: true };
export default function () { console.log('from the script'); }
`;

describe('qk6 run: log outputs', () => {
  it('--log-format json writes logrus JSON lines', async () => {
    const result = await runInline({ 'script.js': SCRIPT }, ['-q', '--log-format', 'json']);
    expect(result.exitCode, explain(result)).toBe(0);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, string>);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', msg: 'from the script', source: 'console' }));
    expect(lines.some((line) => line.level === 'warning')).toBe(true);
  });

  it('--log-output file=path appends the lines to the file, none drops them', async () => {
    const toFile = await runInline({ 'script.js': SCRIPT }, ['-q', '--log-output', 'file=run.log']);
    expect(toFile.exitCode, explain(toFile)).toBe(0);
    expect(consoleMessages(toFile.stderr)).toEqual([]);
    expect(consoleMessages(readFileSync(join(toFile.dir, 'run.log'), 'utf8'))).toEqual(['from the script']);
    const none = await runInline({ 'script.js': SCRIPT }, ['-q', '--log-output', 'none']);
    expect(none.exitCode, explain(none)).toBe(0);
    expect(parseLogLines(none.stderr)).toEqual([]);
  });

  it('--console-output and K6_CONSOLE_OUTPUT send only console.* lines to the file', async () => {
    for (const [args, env] of [[['--console-output', 'console.log'], {}], [[], { K6_CONSOLE_OUTPUT: 'console.log' }]] as const) {
      const result = await runInline({ 'script.js': SCRIPT }, ['-q', ...args], { env });
      expect(result.exitCode, explain(result)).toBe(0);
      expect(consoleMessages(result.stderr)).toEqual([]);
      expect(parseLogLines(result.stderr).some((line) => line.level === 'warning')).toBe(true);
      const file = readFileSync(join(result.dir, 'console.log'), 'utf8');
      expect(consoleMessages(file)).toEqual(['from the script']);
      expect(parseLogLines(file).every((line) => line.fields.source === 'console')).toBe(true);
    }
  });

  it.each([
    [['--log-output', 'bogus'], /^--log-output: unsupported log output "bogus"/],
    [['--log-format', 'bogus'], /^--log-format: unknown log format "bogus"/],
    [['--console-output', 'missing-dir/console.log'], /^--console-output: cannot write .*missing-dir\/console\.log: ENOENT$/],
  ])('%j is one error line and exit 255, never a stack trace', async (args, message) => {
    const result = await runInline({ 'script.js': SCRIPT }, ['-q', ...args]);
    expect(result.exitCode, explain(result)).toBe(255);
    const errors = parseLogLines(result.stderr).filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(consoleMessages(result.stderr)).toEqual([]);
  });
});
