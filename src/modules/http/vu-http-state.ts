/**
 * What `k6/http` keeps per VU, in `vu.state` under 'http': the undici agent (the VU's connection
 * pool, like k6's per-VU `http.Transport`), the cookie jars, and binary bodies waiting for
 * `http.takeBody`.
 *
 * The agent is created on the first request. Its pools (vu-pool.ts) never cap connections per
 * origin (k6's transport does not either; `batchPerHost` is enforced by `batch.ts`), which also
 * keeps undici's request creation synchronous inside `dispatch()` — what `timings.ts` relies on.
 * The agent is destroyed when the VU's signal aborts (in-flight requests fail at once) and by
 * {@link disposeHttpState}; a later request builds a new one.
 */
import type { Agent } from 'undici';
import { DialGuard } from '../../net/dial-guard.js';
import { HostOverrides } from '../../net/host-overrides.js';
import { VuTlsConfig } from '../../net/tls-client-config.js';
import { BinaryResult, GuestError } from '../../vu/bridge-contract.js';
import type { VuHostContext } from '../../vu/host-context.js';
import { CookieJar } from './cookie-jar.js';
import type { RequestCancellation } from './request-cancellation.js';
import { vuLookup } from './dns-lookup.js';
import { undici } from './undici-module.js';
import { vuConnector } from './vu-connector.js';
import { vuPoolFactory } from './vu-pool.js';

const STATE_KEY = 'http';
/** Go's net.Dialer timeout in k6 (lib/netext/dialer.go users): 30s. */
const DIAL_TIMEOUT_MS = 30_000;
/** Go's max response header bytes default is 10 MiB; undici's is 16 KiB. */
const MAX_HEADER_SIZE = 10 * 1024 * 1024;

/** How the VU's connections (http and ws) reach hosts: k6's `hosts`, TLS and blocking options. */
export interface VuNetwork {
  readonly hosts: HostOverrides;
  readonly tls: VuTlsConfig;
  readonly guard: DialGuard;
}

export class VuHttpState {
  private agent: Agent | undefined;
  private agentSignal: AbortSignal | undefined;
  private readonly jars = new Map<number, CookieJar>([[0, new CookieJar()]]);
  private nextJarId = 1;
  private readonly bodies = new Map<number, BinaryResult>();
  private nextBodyId = 1;
  private networkSettings: VuNetwork | undefined;
  /** Requests in flight and the reason each is cancelled with when the VU stops. */
  private readonly inFlight = new Map<RequestCancellation, unknown>();
  private watchedSignal: AbortSignal | undefined;

  constructor(private readonly vu: VuHostContext) {}

  /** The VU's `hosts` overrides, TLS settings and dial guard, built on first use. */
  network(): VuNetwork {
    const { hosts = {}, blacklistIPs = [], blockHostnames = [] } = this.vu.http;
    this.networkSettings ??= { hosts: new HostOverrides(hosts), tls: new VuTlsConfig(this.vu.http), guard: new DialGuard(blacklistIPs, blockHostnames) };
    return this.networkSettings;
  }

  /** The VU's agent, created on demand (and again after an abort destroyed it). */
  dispatcher(): Agent {
    const signal = this.watchVuSignal();
    if (this.agent !== undefined && this.agentSignal === signal && !signal.aborted) return this.agent;
    void this.closeAgent();
    const { Agent, Pool } = undici();
    const agent = new Agent({
      factory: vuPoolFactory(Pool),
      connect: vuConnector({ ...this.network(), rejectUnauthorized: !this.vu.http.insecureSkipTLSVerify, timeout: DIAL_TIMEOUT_MS, lookup: vuLookup }),
      keepAliveTimeout: 60_000,
      maxHeaderSize: MAX_HEADER_SIZE,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    this.agent = agent;
    this.agentSignal = signal;
    return agent;
  }

  /**
   * Cancels `cancellation` with `reason` when the VU stops; returns the function that forgets it.
   * The VU signal's one listener serves every request (a listener per request cost ~10 µs).
   */
  cancelOnVuAbort(cancellation: RequestCancellation, reason: unknown): () => void {
    if (this.watchVuSignal().aborted) {
      cancellation.abort(reason);
      return () => undefined;
    }
    this.inFlight.set(cancellation, reason);
    return () => this.inFlight.delete(cancellation);
  }

  /**
   * The VU's current signal, with one listener per signal: when it aborts, the requests in flight
   * are cancelled (before their connections go, so they fail as cancelled) and the agent made
   * under it is destroyed.
   */
  private watchVuSignal(): AbortSignal {
    const signal = this.vu.signal;
    if (this.watchedSignal !== signal && !signal.aborted) {
      this.watchedSignal = signal;
      signal.addEventListener('abort', () => {
        for (const [request, why] of this.inFlight) request.abort(why);
        this.inFlight.clear();
        if (this.agent !== undefined && this.agentSignal === signal) void this.closeAgent();
      }, { once: true });
    }
    return signal;
  }

  /** Drops every connection of the VU (k6 `noVUConnectionReuse`, VU disposal). */
  async closeAgent(): Promise<void> {
    const agent = this.agent;
    this.agent = undefined;
    this.agentSignal = undefined;
    if (agent !== undefined) await agent.destroy().catch(() => undefined);
  }

  jar(id: number): CookieJar {
    const jar = this.jars.get(id);
    if (jar === undefined) throw new GuestError(`unknown cookie jar ${id}`);
    return jar;
  }

  newJar(): number {
    const id = this.nextJarId++;
    this.jars.set(id, new CookieJar());
    return id;
  }

  freeJar(id: number): void {
    if (id !== 0) this.jars.delete(id);
  }

  /** Jars the VU holds, its own included (how a test sees that dropped jars are freed). */
  get jarCount(): number {
    return this.jars.size;
  }

  /**
   * A new, empty jar for the VU (k6 does this before every iteration unless noCookiesReset). A jar
   * that is still empty is kept: it is the same as a new one, and most iterations set no cookie.
   */
  resetVuJar(): void {
    if (this.jars.get(0)?.empty !== true) this.jars.set(0, new CookieJar());
  }

  /** Keeps a copy of `bytes` (undici's chunks are views into shared pool memory). */
  stashBody(bytes: Uint8Array): number {
    const id = this.nextBodyId++;
    this.bodies.set(id, new BinaryResult(new Uint8Array(bytes)));
    return id;
  }

  takeBody(id: number): BinaryResult {
    const body = this.bodies.get(id);
    if (body === undefined) throw new GuestError(`no response body ${id}`);
    this.bodies.delete(id);
    return body;
  }

  /** Forgets bodies the guest never took (called at the start of each request/batch). */
  dropStashedBodies(): void {
    if (this.bodies.size > 0) this.bodies.clear();
  }
}

export function httpState(vu: VuHostContext): VuHttpState {
  let state = vu.state.get(STATE_KEY) as VuHttpState | undefined;
  if (state === undefined) {
    state = new VuHttpState(vu);
    vu.state.set(STATE_KEY, state);
  }
  return state;
}

/** Between iterations: k6 resets the VU jar (unless noCookiesReset) and, with noVUConnectionReuse, closes its connections. */
export function resetBetweenIterations(vu: VuHostContext): void {
  const state = vu.state.get(STATE_KEY) as VuHttpState | undefined;
  if (state === undefined) return;
  if (!vu.http.noCookiesReset) state.resetVuJar();
  if (vu.http.noVUConnectionReuse) void state.closeAgent();
}

/** Closes the VU's connections; call when the VU is disposed. */
export async function disposeHttpState(vu: VuHostContext): Promise<void> {
  const state = vu.state.get(STATE_KEY) as VuHttpState | undefined;
  vu.state.delete(STATE_KEY);
  if (state !== undefined) await state.closeAgent();
}
