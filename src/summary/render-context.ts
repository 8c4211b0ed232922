/** Indentation bookkeeping of k6's summary.js (`RenderContext`): each level is two spaces. */
export class RenderContext {
  constructor(readonly base = 0) {}

  /** Spaces for `level` levels below this context's base. */
  indentLevel(level = 1): string {
    return ' '.repeat((this.base + level) * 2);
  }

  indent(text: string, level = 1): string {
    return this.indentLevel(level) + text;
  }

  indented(increment = 1): RenderContext {
    return new RenderContext(this.base + increment);
  }
}
