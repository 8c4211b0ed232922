/**
 * The CLI's output channels for one command, decided once from flags and environment: colours,
 * the logger (format and destination), quiet mode, signal handling, and how an error becomes a
 * log line plus k6's exit code (the only place that happens).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChalkInstance } from 'chalk';
import { ExternalAbortError, InvalidConfigError, ScriptExceptionError, UsageError } from '../errors/errors.js';
import { ExitCode } from '../errors/exit-codes.js';
import { isQk6Error } from '../errors/qk6-error.js';
import type { RunState } from '../execution/run-state.js';
import { createColors } from '../ui/colors.js';
import { Logger, type LogFormat, type LogSink } from '../ui/logger.js';
import type { GlobalState, OutputStream } from './global-state.js';

export interface CliOutputs {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly logger: Logger;
  /** A logging flag or variable that could not be applied (report it, exit 255). */
  readonly setupError: UsageError | undefined;
  /** Colour allowed at all (no --no-color / NO_COLOR / K6_NO_COLOR); each stream still needs a TTY. */
  readonly colorEnabled: boolean;
  /** Colours for stderr output (progress, banner on a TTY). */
  readonly colors: ChalkInstance;
  readonly quiet: boolean;
  /** Logs `error` once and returns its exit code. */
  reportError(error: unknown): number;
  /** First SIGINT/SIGTERM stops the test gracefully (exit 105); returns the unregister function. */
  handleSignals(state: RunState): () => void;
}

const PROCESS_START = performance.now();

export function createOutputs(flags: Record<string, unknown>, given: (name: string) => boolean, state: GlobalState): CliOutputs {
  const colorEnabled =
    !(given('color') && flags.color === false) && state.env.NO_COLOR === undefined && (state.env.K6_NO_COLOR ?? '') === '';
  const colors = createColors(colorEnabled && state.stderr.isTTY);
  // A bad logging setting is reported through a plain stderr logger (`setupError`), never as a crash.
  let setupError: UsageError | undefined;
  const attempt = <T>(make: () => T, fallback: T): T => {
    try {
      return make();
    } catch (error) {
      setupError ??= error instanceof UsageError ? error : new UsageError(String(error));
      return fallback;
    }
  };
  const format = attempt(() => logFormat(given('logFormat') ? String(flags.logFormat) : state.env.K6_LOG_FORMAT), 'text');
  const destination = given('logOutput') ? String(flags.logOutput) : state.env.K6_LOG_OUTPUT ?? 'stderr';
  const sink = attempt(() => logSink(destination, state), state.stderr);
  const consoleOutput = given('consoleOutput') ? String(flags.consoleOutput) : state.env.K6_CONSOLE_OUTPUT;
  const consoleSink = consoleOutput === undefined || consoleOutput === '' ? undefined : attempt(() => consoleFileSink(resolve(state.cwd, consoleOutput)), undefined);
  const logger = new Logger({
    sink,
    consoleSink,
    format,
    terminal: sink === state.stderr && state.stderr.isTTY,
    colors,
    verbose: given('verbose'),
    startedAt: PROCESS_START,
  });
  const quiet = given('quiet');

  const reportError = (error: unknown): number => {
    if (error instanceof InvalidConfigError) {
      // One line per problem; the hint rides on the last one, so a single mistake is a single line.
      error.issues.forEach((issue, index) => {
        const hint: Record<string, string> = index === error.issues.length - 1 && error.hint !== undefined ? { hint: error.hint } : {};
        logger.error(issue.path ? `${issue.path}: ${issue.message}` : issue.message, hint);
      });
      if (error.issues.length === 0) logger.error(error.message, error.hint === undefined ? {} : { hint: error.hint });
      return error.exitCode;
    }
    if (error instanceof ScriptExceptionError) {
      logger.error(error.scriptStack, { hint: 'script exception' });
      return error.exitCode;
    }
    if (isQk6Error(error)) {
      logger.error(error.message, error.hint === undefined ? {} : { hint: error.hint });
      return error.exitCode;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    logger.error(`internal error — this is a qk6 bug, please report it with the script that caused it:\n${detail}`);
    return ExitCode.GenericError;
  };

  const handleSignals = (runState: RunState): (() => void) =>
    state.onSignal((signal) => {
      if (!runState.stopped) {
        logger.warn(`Stopping the test run (${signal}): interrupting VUs, then teardown and the summary; press Ctrl+C again to skip teardown`);
        runState.stop(new ExternalAbortError());
      } else if (!runState.hardStopSignal.aborted) {
        logger.warn(`Stopping at once (${signal}): skipping teardown; the summary shows what completed`);
        runState.hardStop(new ExternalAbortError());
      }
    });

  return { stdout: state.stdout, stderr: state.stderr, logger, colorEnabled, colors, quiet, setupError, reportError, handleSignals };
}

function logFormat(value: string | undefined): LogFormat {
  if (value === undefined || value === '' || value === 'text') return 'text';
  if (value === 'json' || value === 'raw') return value;
  throw new UsageError(`--log-format: unknown log format "${value}": use text, json or raw`);
}

/** `--console-output`: the file is created (emptied if it exists) when the run starts, as k6 does. */
function consoleFileSink(path: string): LogSink {
  try {
    writeFileSync(path, '');
  } catch (error) {
    throw new UsageError(`--console-output: cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return { write: (text: string) => appendFileSync(path, text) };
}

function logSink(destination: string, state: GlobalState): LogSink | undefined {
  if (destination === 'stderr' || destination === '') return state.stderr;
  if (destination === 'stdout') return state.stdout;
  if (destination === 'none') return undefined;
  if (destination.startsWith('file')) {
    const path = resolve(state.cwd, destination.startsWith('file=') ? destination.slice('file='.length) : 'k6.log');
    return { write: (text: string) => appendFileSync(path, text) };
  }
  throw new UsageError(`--log-output: unsupported log output "${destination}": use stderr, stdout, none or file=path`);
}
