/**
 * A script's exception as the host sees it: message and the script's own stack frames. Frames of
 * qk6's runtime and of the host's call expressions are dropped, so the user sees only their files.
 */
export interface ScriptError {
  readonly name: string;
  readonly message: string;
  /** k6-style text: `Error: boom\n\tat default (file:///x/test.js:5:9)`. */
  readonly text: string;
  /** True when the VU was interrupted (stop or runaway loop), not a script fault. */
  readonly interrupted: boolean;
}

interface DumpedError {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
}

export function toScriptError(dumped: unknown, interrupted: boolean): ScriptError {
  if (dumped === null || typeof dumped !== 'object') {
    const text = typeof dumped === 'string' ? dumped : JSON.stringify(dumped) ?? String(dumped);
    return { name: 'Error', message: text, text, interrupted };
  }
  const error = dumped as DumpedError;
  const name = typeof error.name === 'string' ? error.name : 'Error';
  const message = typeof error.message === 'string' ? error.message : JSON.stringify(dumped);
  const frames = typeof error.stack === 'string' ? scriptFrames(error.stack) : [];
  const head = name === 'Error' && message === '' ? 'Error' : `${name}: ${message}`;
  const text = frames.length > 0 ? `${head}\n${frames.map((frame) => `\tat ${frame}`).join('\n')}` : head;
  return { name, message, text, interrupted };
}

/** Frames from user files only (file:// URLs), without the leading "at ". */
function scriptFrames(stack: string): string[] {
  return stack
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at ') && line.includes('file://'))
    .map((line) => line.slice(3));
}
