/**
 * The `run` command's flags, with k6's names, short forms and meanings, and the mapping from what
 * commander parsed to the config layer (`CliFlagValues`) and the runtime settings that are not
 * script options (summary, logging, env handling).
 */
import { Option, type Command } from 'commander';
import type { CliFlagValues } from '../config/cli-options.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Declares every `run` flag on `command`. */
export function addRunFlags(command: Command): Command {
  return command
    .option('-u, --vus <number>', 'number of virtual users')
    .option('-i, --iterations <number>', 'script total iteration limit (among all VUs)')
    .option('-d, --duration <duration>', 'test duration limit, e.g. 30s, 1m30s')
    .option('-s, --stage <duration:target>', 'add a stage, e.g. 30s:10 (repeatable)', collect)
    .option('-p, --paused', 'start the test paused: VUs are initialised, then it waits for `qk6 resume` (REST API)')
    .option('--execution-segment <segment>', 'run only this segment of the test, e.g. 1/3:2/3')
    .option('--execution-segment-sequence <sequence>', 'all segments of a distributed test, e.g. 0,1/3,2/3,1')
    .option('-e, --env <NAME=value>', 'add an environment variable for the script (repeatable)', collect)
    .option('--include-system-env-vars [bool]', 'pass the real system environment variables to the runtime (default true)')
    .option('-c, --config <path>', 'JSON config file (default $XDG_CONFIG_HOME/k6/config.json)')
    .option('-q, --quiet', 'disable the banner and progress updates')
    .option('--no-color', 'disable coloured output')
    .option('--no-summary', "don't show the end-of-test summary (deprecated, use --summary-mode=disabled)")
    .option('--summary-export <path>', 'write the legacy JSON end-of-test summary to a file')
    .option('--summary-trend-stats <stats>', 'trend stats in the summary, e.g. avg,min,med,max,p(90),p(95)')
    .option('--summary-time-unit <unit>', 'time unit in the summary: s, ms or us')
    .addOption(new Option('--summary-mode <mode>', 'summary mode').choices(['compact', 'full', 'disabled', 'legacy']))
    .option('--no-thresholds', "don't run thresholds")
    .option('--no-setup', "don't run setup()")
    .option('--no-teardown', "don't run teardown()")
    .option('--http-debug [level]', 'log HTTP requests and responses: headers, or full with bodies')
    .option('--insecure-skip-tls-verify', 'skip verification of TLS certificates')
    .option('--user-agent <ua>', 'User-Agent header of HTTP requests')
    .option('-w, --throw', 'throw an exception on failed HTTP requests')
    .option('--max-redirects <number>', 'follow at most this many HTTP redirects (default 10)')
    .option('--batch <number>', 'max parallel batch requests (default 20)')
    .option('--batch-per-host <number>', 'max parallel batch requests per host (default 6)')
    .option('--rps <number>', 'limit HTTP requests per second across all VUs (default 0: no limit)')
    .option('--blacklist-ip <cidrs>', 'refuse connections to these IP ranges, e.g. 10.0.0.0/8 (comma-separated, repeatable)', collect)
    .option('--block-hostnames <patterns>', 'refuse connections to these host names, e.g. *.example.com (comma-separated, repeatable)', collect)
    .option('--discard-response-bodies', 'read and discard response bodies')
    .option('--no-connection-reuse', 'disable keep-alive connections')
    .option('--no-vu-connection-reuse', "don't reuse connections between iterations of a VU")
    .option('--min-iteration-duration <duration>', 'minimum time an iteration takes')
    .option('--system-tags <tags>', 'system tags to record on samples')
    .option('--tag <name=value>', 'add a tag to every sample (repeatable)', collect)
    .option('--log-format <format>', 'log format: text, json or raw')
    .option('--log-output <output>', 'where logs go: stderr, stdout, none or file=path')
    .option('--console-output <path>', "write the script's console.* lines to this file instead (env K6_CONSOLE_OUTPUT)")
    .option('-v, --verbose', 'verbose logging, including console.debug')
    .option('-l, --linger', 'keep the process alive after the test ends')
    .option('--no-usage-report', 'accepted for k6 compatibility: qk6 never reports usage')
    .option('-a, --address <address>', 'REST API address, host:port ("" disables it; default localhost:6565)')
    .option('--offline', 'use only cached remote modules, never download them (qk6 only; env QK6_OFFLINE)')
    .option('--workers <number>', 'VU worker threads (qk6 only; default: one per CPU core, env QK6_WORKERS)');
}

/** Raw values as commander hands them over. */
export type RunFlags = Record<string, unknown>;

/**
 * k6's `--http-debug` takes its value only after `=`; a bare flag means `headers`. Commander would
 * read the next argument (the script path) as its value, so the bare form is rewritten first.
 */
export function normalizeRunArgv(argv: readonly string[]): string[] {
  return argv.map((arg) => (arg === '--http-debug' ? '--http-debug=headers' : arg === '--include-system-env-vars' ? '--include-system-env-vars=true' : arg));
}

/** The flags the user actually passed, as the config layer's CLI layer. */
export function toCliFlagValues(flags: RunFlags, wasGiven: (name: string) => boolean): CliFlagValues {
  const values: CliFlagValues = {};
  const text = (name: string): string | undefined => (wasGiven(name) && typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  const list = (name: string): string[] | undefined => (wasGiven(name) && Array.isArray(flags[name]) ? (flags[name] as string[]) : undefined);
  const assign = <K extends keyof CliFlagValues>(key: K, value: CliFlagValues[K] | undefined): void => {
    if (value !== undefined) values[key] = value;
  };
  assign('vus', text('vus'));
  assign('iterations', text('iterations'));
  assign('duration', text('duration'));
  assign('stage', list('stage'));
  assign('tag', list('tag'));
  assign('maxRedirects', text('maxRedirects'));
  assign('batch', text('batch'));
  assign('batchPerHost', text('batchPerHost'));
  assign('rps', text('rps'));
  assign('blacklistIp', list('blacklistIp'));
  assign('blockHostnames', list('blockHostnames'));
  assign('userAgent', text('userAgent'));
  assign('httpDebug', text('httpDebug'));
  assign('summaryTrendStats', text('summaryTrendStats'));
  assign('summaryTimeUnit', text('summaryTimeUnit'));
  assign('minIterationDuration', text('minIterationDuration'));
  assign('systemTags', text('systemTags'));
  assign('executionSegment', text('executionSegment'));
  assign('executionSegmentSequence', text('executionSegmentSequence'));
  if (wasGiven('insecureSkipTlsVerify')) values.insecureSkipTlsVerify = true;
  if (wasGiven('throw')) values.throw = true;
  if (wasGiven('discardResponseBodies')) values.discardResponseBodies = true;
  if (wasGiven('setup')) values.noSetup = flags.setup === false;
  if (wasGiven('teardown')) values.noTeardown = flags.teardown === false;
  if (wasGiven('connectionReuse')) values.noConnectionReuse = flags.connectionReuse === false;
  if (wasGiven('vuConnectionReuse')) values.noVUConnectionReuse = flags.vuConnectionReuse === false;
  if (wasGiven('linger')) values.linger = true;
  if (wasGiven('paused')) values.paused = true;
  if (wasGiven('usageReport')) values.noUsageReport = flags.usageReport === false;
  return values;
}
