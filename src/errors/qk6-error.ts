import type { ExitCodeValue } from './exit-codes.js';

/** Why a running test was aborted (k6 `errext/abort_reason.go`). */
export type AbortReason =
  | 'user'
  | 'threshold'
  | 'thresholdsAfterTestEnd'
  | 'scriptError'
  | 'scriptAbort'
  | 'timeout'
  | 'output';

export interface Qk6ErrorOptions {
  /** A line telling the user what to change, naming the option or flag. */
  hint?: string;
  abortReason?: AbortReason;
  cause?: unknown;
}

/**
 * Base of every error a user can see. `code` is stable (match on it, not on `instanceof`, once an
 * error has crossed a thread or VM boundary); `exitCode` is k6's exit code for this failure.
 */
export class Qk6Error extends Error {
  readonly code: string;
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;
  readonly abortReason: AbortReason | undefined;

  constructor(code: string, exitCode: ExitCodeValue, message: string, options: Qk6ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Qk6Error';
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.abortReason = options.abortReason;
  }
}

export function isQk6Error(error: unknown): error is Qk6Error {
  return error instanceof Qk6Error;
}
