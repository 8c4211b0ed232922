import { ExitCode } from './exit-codes.js';
import { Qk6Error, type Qk6ErrorOptions } from './qk6-error.js';

/** One problem found while validating configuration; `path` is like `scenarios.s1.duration`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Options, scenarios or thresholds are invalid. Carries every issue found, not just the first. */
export class InvalidConfigError extends Qk6Error {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], options: Qk6ErrorOptions = {}) {
    const lines = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
    super('QK6_ERR_INVALID_CONFIG', ExitCode.InvalidConfig, lines.join('; '), options);
    this.name = 'InvalidConfigError';
    this.issues = issues;
  }
}

/** Bad command-line usage: unknown flag, bad flag value, missing or unreadable script. */
export class UsageError extends Qk6Error {
  constructor(message: string, options: Qk6ErrorOptions = {}) {
    super('QK6_ERR_USAGE', ExitCode.GenericError, message, options);
    this.name = 'UsageError';
  }
}

/** An exception thrown by the script in init code, setup() or teardown(). */
export class ScriptExceptionError extends Qk6Error {
  /** The script's own stack, with its file:line:column frames. */
  readonly scriptStack: string;

  constructor(message: string, scriptStack: string, options: Qk6ErrorOptions = {}) {
    super('QK6_ERR_SCRIPT_EXCEPTION', ExitCode.ScriptException, message, {
      abortReason: 'scriptError',
      ...options,
    });
    this.name = 'ScriptExceptionError';
    this.scriptStack = scriptStack;
  }
}

/** setup() or teardown() ran past its timeout. */
export class LifecycleTimeoutError extends Qk6Error {
  constructor(stage: 'setup' | 'teardown' | 'handleSummary', timeoutMs: number) {
    const option = stage === 'handleSummary' ? undefined : `${stage}Timeout`;
    const exitCode =
      stage === 'setup' ? ExitCode.SetupTimeout : stage === 'teardown' ? ExitCode.TeardownTimeout : ExitCode.GenericTimeout;
    super(
      'QK6_ERR_LIFECYCLE_TIMEOUT',
      exitCode,
      `${stage}() execution timed out after ${timeoutMs / 1000} seconds`,
      option === undefined ? { abortReason: 'timeout' } : { abortReason: 'timeout', hint: `raise the '${option}' option` },
    );
    this.name = 'LifecycleTimeoutError';
  }
}

/** The script called `exec.test.abort()` (or `fail()` outside an iteration). */
export class ScriptAbortedError extends Qk6Error {
  constructor(reason: string) {
    super('QK6_ERR_SCRIPT_ABORTED', ExitCode.ScriptAborted, reason, { abortReason: 'scriptAbort' });
    this.name = 'ScriptAbortedError';
  }
}

/** Thresholds crossed; the message lists the metrics like k6 does. */
export class ThresholdsFailedError extends Qk6Error {
  constructor(metricKeys: readonly string[], abortedDuringRun: boolean) {
    super(
      'QK6_ERR_THRESHOLDS_FAILED',
      ExitCode.ThresholdsHaveFailed,
      `thresholds on metrics '${metricKeys.join(', ')}' ${abortedDuringRun ? 'were crossed; at least one has abortOnFail enabled, stopping test prematurely' : 'have been crossed'}`,
      { abortReason: abortedDuringRun ? 'threshold' : 'thresholdsAfterTestEnd' },
    );
    this.name = 'ThresholdsFailedError';
  }
}

/** The run was interrupted by a signal. */
export class ExternalAbortError extends Qk6Error {
  constructor(message = 'test run was aborted because k6 received a signal') {
    super('QK6_ERR_EXTERNAL_ABORT', ExitCode.ExternalAbort, message, { abortReason: 'user' });
    this.name = 'ExternalAbortError';
  }
}

/** The script called `exec.test.fail()`: the run went on and ends with exit code 110. */
export class MarkedAsFailedError extends Qk6Error {
  constructor(reason: string) {
    super('QK6_ERR_MARKED_AS_FAILED', ExitCode.MarkedAsFailed, `test marked as failed: ${reason}`);
    this.name = 'MarkedAsFailedError';
  }
}

/** `PATCH /v1/status` with `stopped: true` (k6 "test run stopped from REST API"): exit code 103. */
export class StoppedFromRestApiError extends Qk6Error {
  constructor() {
    super('QK6_ERR_STOPPED_FROM_REST_API', ExitCode.ScriptStoppedFromRESTAPI, 'test run stopped from REST API', { abortReason: 'user' });
    this.name = 'StoppedFromRestApiError';
  }
}

/** The REST API could not listen on an address the user gave with -a/--address: exit code 106. */
export class RestApiStartError extends Qk6Error {
  constructor(address: string, cause: unknown) {
    super(
      'QK6_ERR_REST_API_START',
      ExitCode.CannotStartRESTAPI,
      `cannot start the REST API on ${address}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause, hint: 'pick a free address with -a/--address (e.g. -a localhost:6566), or -a "" to run without the REST API' },
    );
    this.name = 'RestApiStartError';
  }
}

/** `qk6 status|stats|pause|resume|scale` could not talk to a test's REST API, or it refused the request. */
export class RestApiClientError extends Qk6Error {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('QK6_ERR_REST_API_CLIENT', ExitCode.GenericError, message, options);
    this.name = 'RestApiClientError';
  }
}
