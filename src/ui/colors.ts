/**
 * The one chalk instance of the CLI's own output (banner, progress, log levels). Colour is decided
 * once by the CLI: a TTY and no --no-color / NO_COLOR / K6_NO_COLOR.
 */
import { Chalk, type ChalkInstance } from 'chalk';

export function createColors(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}
