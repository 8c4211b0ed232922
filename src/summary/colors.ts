/**
 * The summary's colours, from the CLI's one chalk factory (never chalk's auto-detection: the CLI
 * decides from --no-color, NO_COLOR and whether stdout is a TTY).
 *
 * k6-compat: k6 writes raw SGR sequences and always resets with `ESC[0m`; chalk closes each style
 * with its own reset code (`ESC[39m`, `ESC[22m`). The visible result is the same.
 */
import type { ChalkInstance } from 'chalk';
import { createColors } from '../ui/colors.js';

/** Colours the summary uses. */
export type SummaryColor = 'red' | 'green' | 'cyan' | 'white';
/** Extra styles the summary uses. */
export type SummaryStyle = 'bold' | 'faint';

/** Decorates summary text; a no-op when colours are off. */
export interface Decorator {
  readonly enabled: boolean;
  decorate(text: string, color: SummaryColor, ...styles: SummaryStyle[]): string;
  bold(text: string): string;
}

/** Creates the decorator: 16-colour ANSI when `enabled`, plain text otherwise. */
export function createDecorator(enabled: boolean): Decorator {
  const chalk: ChalkInstance = createColors(enabled);
  return {
    enabled,
    decorate(text, color, ...styles) {
      if (!enabled) return text;
      let styled: ChalkInstance = chalk[color];
      for (const style of styles) styled = style === 'bold' ? styled.bold : styled.dim;
      return styled(text);
    },
    bold(text) {
      return enabled ? chalk.bold(text) : text;
    },
  };
}
