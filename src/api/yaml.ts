/**
 * The YAML k6's CLI clients print (`yamlPrint` in k6 `internal/cmd/ui.go`: gopkg.in/yaml.v3 of
 * `v1.Status` and `[]v1.Metric`), byte for byte for what the API returns: yaml.v3 indents nested
 * mappings to multiples of 4 (2 inside a sequence item), quotes strings that would read as
 * another type, and writes floats with Go's `strconv.FormatFloat(f, 'g', -1, 64)`. guregu/null
 * values are text marshalers, so `paused: "false"` and `vus: "1"` are quoted strings, and a null
 * one is `""`.
 */
import type { MetricAttributes } from './v1/metrics.js';
import type { StatusAttributes } from './v1/status.js';

/** Go `strconv.FormatFloat(value, 'g', -1, 64)` as yaml.v3 uses it (`.inf`, `.nan`). */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  // Go's 'g' with the shortest precision switches to %e below 1e-4 and from 1e6 on (`1e+06`).
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

/** A guregu/null value as yaml.v3 prints its MarshalText: a quoted string, `""` for null. */
function nullText(value: boolean | number | null): string {
  return value === null ? '""' : `"${String(value)}"`;
}

const NON_STRING_SCALARS = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o?[0-7_]+)$/;

/** A string scalar: plain when yaml.v3 would leave it plain, else quoted. */
export function yamlString(text: string): string {
  if (text === '') return '""';
  if (NON_STRING_SCALARS.test(text)) return `"${text}"`;
  const plain = /^[^\s\-?:,[\]{}#&*!|>'"%@`][^\n]*$/.test(text) && !/: |\s#|\s$|:$/.test(text);
  return plain ? text : `'${text.replaceAll("'", "''")}'`;
}

/** `k6 status` / `pause` / `resume` / `scale` output. */
export function statusYaml(status: StatusAttributes): string {
  return [
    `status: ${status.status}`,
    `paused: ${nullText(status.paused)}`,
    `vus: ${nullText(status.vus)}`,
    `vus-max: ${nullText(status['vus-max'])}`,
    `stopped: ${String(status.stopped)}`,
    `running: ${String(status.running)}`,
    `tainted: ${String(status.tainted)}`,
    '',
  ].join('\n');
}

/** `k6 stats` output: the metrics list, each with k6's nullable type wrappers spelled out. */
export function metricsYaml(metrics: ReadonlyArray<{ readonly name: string; readonly attributes: MetricAttributes }>): string {
  if (metrics.length === 0) return '[]\n';
  const lines: string[] = [];
  for (const { name, attributes } of metrics) {
    lines.push(`- name: ${yamlString(name)}`);
    lines.push('  type:', `    type: ${attributes.type}`, '    valid: true');
    lines.push('  contains:', `    type: ${attributes.contains}`, '    valid: true');
    lines.push(`  tainted: ${nullText(attributes.tainted)}`);
    const keys = Object.keys(attributes.sample).sort();
    if (keys.length === 0) {
      lines.push('  sample: {}');
      continue;
    }
    lines.push('  sample:');
    for (const key of keys) lines.push(`    ${yamlString(key)}: ${goFloat(attributes.sample[key] ?? 0)}`);
  }
  return `${lines.join('\n')}\n`;
}
