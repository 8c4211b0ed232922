// Parses the k6-style log lines qk6 writes to stderr (logrus text format when stderr is not a
// terminal): `time="…" level=info msg="hello" source=console`. Lines in any other shape (progress,
// raw handleSummary output) are skipped.

/** One parsed log line: its level, message and the remaining key=value fields. */
export interface LogLine {
  level: string;
  msg: string;
  /** Every other field (`source`, `hint`, `executor`, …), unquoted. */
  fields: Record<string, string>;
  /** The line as printed. */
  raw: string;
}

const FIELD = /([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|\S*)/g;

/** Every log line in `stderr`, in order. */
export function parseLogLines(stderr: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const raw of stderr.split('\n')) {
    if (!/^time="[^"]*" level=/.test(raw)) continue;
    const fields: Record<string, string> = {};
    for (const match of raw.matchAll(FIELD)) {
      const [, key, value] = match;
      if (key === undefined || value === undefined) continue;
      fields[key] = unquote(value);
    }
    const { level = '', msg = '', time: _time, ...rest } = fields;
    lines.push({ level, msg, fields: rest, raw });
  }
  return lines;
}

/** Messages of the `console.*` lines (source=console), optionally only those of one level. */
export function consoleMessages(stderr: string, level?: string): string[] {
  return parseLogLines(stderr)
    .filter((line) => line.fields.source === 'console' && (level === undefined || line.level === level))
    .map((line) => line.msg);
}

/**
 * The values a script logged as `console.log(tag, JSON.stringify(value))`: scripts in these tests
 * report what they saw this way, and the test parses it back.
 */
export function reported<T = unknown>(stderr: string, tag: string): T[] {
  const prefix = `${tag} `;
  return consoleMessages(stderr)
    .filter((msg) => msg.startsWith(prefix))
    .map((msg) => JSON.parse(msg.slice(prefix.length)) as T);
}

/** Go's %q quoting (what logrus uses) is JSON-compatible for everything these tests print. */
function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    return JSON.parse(value) as string;
  } catch {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
}
