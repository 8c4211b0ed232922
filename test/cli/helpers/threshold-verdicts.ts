// Reads the `█ THRESHOLDS` section of the end-of-test text summary: which expression passed (✓)
// or failed (✗) on which metric. A submetric is printed either under its parent metric
// (`  {group:::api}`) or on its own (`checks{kind:odd}`) when the parent has no thresholds.

export interface ThresholdVerdict {
  /** The metric or submetric the expression belongs to, e.g. `http_req_duration{status:200}`. */
  metric: string;
  /** The expression as written in options, e.g. `p(95)<500`. */
  expression: string;
  passed: boolean;
  /** What the summary printed after the expression, e.g. `p(95)=380.82µs`. */
  shown: string;
}

/** Every verdict line of the THRESHOLDS section of `stdout`, in print order. */
export function thresholdVerdicts(stdout: string): ThresholdVerdict[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.includes('█ THRESHOLDS'));
  if (start < 0) return [];
  const verdicts: ThresholdVerdict[] = [];
  let parent = '';
  let current = '';
  for (const line of lines.slice(start + 1)) {
    if (line.includes('█ ')) break;
    const text = line.trim();
    if (text === '') continue;
    const verdict = /^([✓✗]) '(.*)' ?(.*)$/.exec(text);
    if (verdict) {
      verdicts.push({ metric: current, expression: verdict[2] ?? '', passed: verdict[1] === '✓', shown: verdict[3] ?? '' });
    } else if (text.startsWith('{')) {
      current = `${parent}${text}`;
    } else {
      parent = text.replace(/\{.*$/, '');
      current = text;
    }
  }
  return verdicts;
}

/** The verdict of one expression on one metric; throws when the summary does not show it. */
export function verdictOf(stdout: string, metric: string, expression: string): ThresholdVerdict {
  const found = thresholdVerdicts(stdout).find((v) => v.metric === metric && v.expression === expression);
  if (found === undefined) throw new Error(`the summary shows no threshold '${expression}' on ${metric}:\n${stdout}`);
  return found;
}
