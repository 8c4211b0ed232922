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

/**
 * Frames from user files only (file:// URLs), without the leading "at ". A run of identical frames
 * (a stack overflow's recursion) is shown once, with how often it repeats.
 */
function scriptFrames(stack: string): string[] {
  const frames = stack
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at ') && line.includes('file://'))
    .map((line) => line.slice(3));
  const collapsed: string[] = [];
  for (let i = 0; i < frames.length; ) {
    const frame = frames[i] as string;
    let end = i + 1;
    while (end < frames.length && frames[end] === frame) end += 1;
    collapsed.push(end - i > 2 ? `${frame} (×${end - i})` : frame);
    if (end - i === 2) collapsed.push(frame);
    i = end;
  }
  return collapsed;
}

/**
 * Says why a script ran out of memory: the VU reached its heap cap. QuickJS reports `InternalError:
 * out of memory`; when even that error could not be allocated the script throws nothing readable
 * (`null`), which also means out of memory once the heap is at its cap.
 */
export function explainOutOfMemory(error: ScriptError, dumped: unknown, heapFull: boolean, limitBytes: number): ScriptError {
  const outOfMemory =
    (error.name === 'InternalError' && error.message === 'out of memory') || ((dumped === null || dumped === undefined) && heapFull);
  if (!outOfMemory) return error;
  const message = `out of memory: the VU's JavaScript heap reached qk6's limit of ${Math.round(limitBytes / (1024 * 1024))} MiB per VU`;
  const frames = error.text.split('\n').slice(1);
  const text = [`InternalError: ${message}`, ...frames].join('\n');
  return { ...error, name: 'InternalError', message, text };
}
