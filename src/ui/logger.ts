/**
 * k6-style log lines over injected streams (k6 uses logrus):
 *  - text on a terminal: `INFO[0003] message                        source=console`, coloured;
 *  - text elsewhere:     `time="2026-01-02T03:04:05Z" level=info msg="message" source=console`;
 *  - `--log-format json`: `{"level":"info","msg":"message","source":"console","time":"…"}`;
 *  - `--log-format raw`:  the message only.
 * `debug` lines appear only with --verbose. With `--console-output` (k6's `consoleOutput`), the
 * script's `console.*` lines go to that file instead, in the same format without terminal styling.
 */
import type { ChalkInstance } from 'chalk';
import type { LogLevel } from '../vu/host-context.js';

export type LogFormat = 'text' | 'json' | 'raw';

export interface LogSink {
  write(text: string): void;
}

export interface LoggerOptions {
  readonly sink: LogSink | undefined;
  /** Where `source=console` lines go instead of `sink` (`--console-output`). */
  readonly consoleSink?: LogSink | undefined;
  readonly format: LogFormat;
  /** Terminal-style text lines (logrus' TTY formatter). */
  readonly terminal: boolean;
  readonly colors: ChalkInstance;
  readonly verbose: boolean;
  /** performance.now() at process start, for the `[0003]` seconds column. */
  readonly startedAt: number;
}

const LEVEL_NAMES: Record<LogLevel, string> = { debug: 'DEBU', info: 'INFO', warn: 'WARN', error: 'ERRO' };
const LOGRUS_LEVELS: Record<LogLevel, string> = { debug: 'debug', info: 'info', warn: 'warning', error: 'error' };

export class Logger {
  constructor(private readonly options: LoggerOptions) {}

  log(level: LogLevel, message: string, fields: Readonly<Record<string, string>> = {}): void {
    const { format, verbose, consoleSink } = this.options;
    const toConsoleFile = consoleSink !== undefined && fields.source === 'console';
    const sink = toConsoleFile ? consoleSink : this.options.sink;
    if (sink === undefined || (level === 'debug' && !verbose)) return;
    if (format === 'raw') sink.write(`${message}\n`);
    else if (format === 'json') sink.write(`${this.json(level, message, fields)}\n`);
    else if (this.options.terminal && !toConsoleFile) sink.write(`${this.terminalLine(level, message, fields)}\n`);
    else sink.write(`${this.textLine(level, message, fields)}\n`);
  }

  debug(message: string, fields?: Readonly<Record<string, string>>): void {
    this.log('debug', message, fields);
  }
  info(message: string, fields?: Readonly<Record<string, string>>): void {
    this.log('info', message, fields);
  }
  warn(message: string, fields?: Readonly<Record<string, string>>): void {
    this.log('warn', message, fields);
  }
  error(message: string, fields?: Readonly<Record<string, string>>): void {
    this.log('error', message, fields);
  }

  private json(level: LogLevel, message: string, fields: Readonly<Record<string, string>>): string {
    return JSON.stringify({ level: LOGRUS_LEVELS[level], msg: message, ...fields, time: new Date().toISOString() });
  }

  private textLine(level: LogLevel, message: string, fields: Readonly<Record<string, string>>): string {
    const time = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const parts = [`time=${quote(time)}`, `level=${LOGRUS_LEVELS[level]}`, `msg=${quote(message)}`];
    for (const [key, value] of Object.entries(fields)) parts.push(`${key}=${quote(value)}`);
    return parts.join(' ');
  }

  private terminalLine(level: LogLevel, message: string, fields: Readonly<Record<string, string>>): string {
    const { colors } = this.options;
    const seconds = Math.floor((performance.now() - this.options.startedAt) / 1000);
    const paint = level === 'error' ? colors.red : level === 'warn' ? colors.yellow : level === 'debug' ? colors.gray : colors.cyan;
    const head = `${paint(LEVEL_NAMES[level])}[${String(seconds).padStart(4, '0')}] ${message}`;
    const extra = Object.entries(fields).map(([key, value]) => `${paint(key)}=${quote(value)}`);
    if (extra.length === 0) return head;
    const pad = Math.max(0, 44 - message.length);
    return `${head}${' '.repeat(pad)}  ${extra.join(' ')}`;
  }
}

/** logrus quotes a value unless it is made only of these characters. */
function quote(value: string): string {
  if (/^[A-Za-z0-9\-._/@^+]+$/.test(value)) return value;
  return JSON.stringify(value);
}
