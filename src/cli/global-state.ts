/**
 * Everything the CLI takes from the process, in one object (k6 `cmd/state.GlobalState`): argv,
 * environment, working directory, standard streams and whether they are terminals. Only `main.ts`
 * builds it from `process`; commands receive it, so tests and other embedders can supply their own.
 */
export interface OutputStream {
  write(text: string | Uint8Array): void;
  readonly isTTY: boolean;
}

export interface GlobalState {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Registers a handler for SIGINT/SIGTERM; returns a function that removes it. */
  onSignal(handler: (signal: string) => void): () => void;
}
