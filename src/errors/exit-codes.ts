/**
 * Process exit codes, with k6's numbers (k6 `errext/exitcodes/codes.go`). They are part of the
 * compatibility contract: CI pipelines branch on them.
 */
export const ExitCode = {
  /** The test ran and every threshold passed. */
  Success: 0,
  /** One or more thresholds failed (at the end, or abortOnFail during the run). */
  ThresholdsHaveFailed: 99,
  /** `setup()` ran past `setupTimeout`. */
  SetupTimeout: 100,
  /** `teardown()` ran past `teardownTimeout`. */
  TeardownTimeout: 101,
  /** Another operation timed out (handleSummary). */
  GenericTimeout: 102,
  /** The test was stopped through the REST API (`PATCH /v1/status` with `stopped: true`). */
  ScriptStoppedFromRESTAPI: 103,
  /** Options, scenarios or thresholds are invalid. */
  InvalidConfig: 104,
  /** The test was interrupted from outside (SIGINT / SIGTERM). */
  ExternalAbort: 105,
  /** The REST API could not listen on an explicitly given address. */
  CannotStartRESTAPI: 106,
  /** An exception in init code, `setup()` or `teardown()`. */
  ScriptException: 107,
  /** The script called `exec.test.abort()`. */
  ScriptAborted: 108,
  /** An internal bug (k6: Go panic). */
  InternalError: 109,
  /** The script called `exec.test.fail()`. */
  MarkedAsFailed: 110,
  /** Any other error: bad flags, missing script file, unknown command (k6 exits -1 → 255). */
  GenericError: 255,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
