/**
 * The VU worker thread: owns a share of the VUs with their own WebAssembly instances, undici
 * dispatchers and event loop, runs its scenario shares when told to start, and ships metric
 * aggregates to the main thread every 250 ms (then starts fresh ones, so nothing is counted twice).
 */
import { parentPort, resourceLimits, workerData } from 'node:worker_threads';
import { snapshotMetrics } from '../../metrics/snapshot.js';
import { HOST_MODULES } from '../../modules/host-modules.js';
import { undici } from '../../modules/http/undici-module.js';
import type { InstanceInfo, TestControl } from '../../vu/host-context.js';
import { shareCompiledQuickJs } from '../../vu/quickjs-engine.js';
import { shareCompiledSuspendingQuickJs } from '../../vu/suspending-engine.js';
import type { VirtualUser } from '../../vu/virtual-user.js';
import { RunState } from '../run-state.js';
import { TestMetrics } from '../test-metrics.js';
import { initializeVus, runScenarioShares, type ScenarioShare, type VuEnvironment } from '../vu-runner.js';
import { segmentedShare, workerFraction } from './partition.js';
import { WorkerControl, liveVusFor } from './worker-control.js';
import { WorkerLifecycle, serializeError } from './worker-lifecycle.js';
import type { ConfigureMessage, EarlyWorkerData } from './early-worker.js';
import { adoptEnvironment } from './thread-environment.js';
import { workerVus, type MainMessage, type WorkerData, type WorkerMessage } from './worker-protocol.js';

const FLUSH_INTERVAL_MS = 250;
if (parentPort === null) throw new Error('vu-worker must run in a worker thread');
const port = parentPort;
undici(); // loaded while the main thread prepares the run, not on the first request
const data = await receiveWorkerData();
if ('suspending' in data.quickJs) shareCompiledSuspendingQuickJs(data.quickJs.suspending);
else shareCompiledQuickJs(data.quickJs.asyncify);
const send = (message: WorkerMessage): void => port.postMessage(message);

/**
 * This worker's configuration: its `workerData`, or for a worker started early (early-worker.ts)
 * the `configure` message. The main thread sends nothing else before this worker reports 'ready',
 * so no message is lost between this listener and the one main() adds.
 */
async function receiveWorkerData(): Promise<WorkerData> {
  if ((workerData as Partial<EarlyWorkerData>).early !== true) return workerData as WorkerData;
  const message = await new Promise<ConfigureMessage>((resolve) => port.once('message', resolve));
  adoptEnvironment(message.environment);
  return message.data;
}

const state = new RunState();
const metrics = new TestMetrics(data.breakdown);
for (const [name, type, valueType] of data.metricDefinitions) metrics.registry.define(name, type, valueType);
for (const [parent, selector] of data.submetrics) metrics.registry.addSubmetric(parent, selector);

function flush(): void {
  const shipped = metrics.rotate();
  reported = { active: state.activeVUs, completed: state.completedIterations, interrupted: state.interruptedIterations };
  send({
    type: 'report',
    snapshot: snapshotMetrics(shipped.registry, shipped.groups, shipped.breakdown),
    counters: {
      activeVUs: state.activeVUs,
      completedIterations: state.completedIterations,
      interruptedIterations: state.interruptedIterations,
      scenarios: [...state.scenarios].map(([name, counters]) => [name, { ...counters }] as const),
    },
  });
}

/** The whole run's totals as the main thread last broadcast them. */
let instanceTotals: InstanceInfo = { currentTestRunDuration: 0, iterationsCompleted: 0, iterationsInterrupted: 0, vusActive: 0, vusInitialized: 0 };

/** This worker's counters as of its last report (already included in `instanceTotals`). */
let reported = { active: 0, completed: 0, interrupted: 0 };

const control: TestControl = {
  // The other workers' counts as last broadcast, this worker's live.
  instance: () => ({
    currentTestRunDuration: state.elapsedMs(),
    iterationsCompleted: instanceTotals.iterationsCompleted - reported.completed + state.completedIterations,
    iterationsInterrupted: instanceTotals.iterationsInterrupted - reported.interrupted + state.interruptedIterations,
    vusActive: instanceTotals.vusActive - reported.active + state.activeVUs,
    vusInitialized: instanceTotals.vusInitialized,
  }),
  abort: (reason) => {
    // Stop this worker's VUs at once too, not only when the main thread's stop arrives.
    state.stop('aborted by the script');
    send({ type: 'abort', reason });
  },
  fail: (reason) => send({ type: 'fail', reason }),
  options: data.testOptions,
};

const environment: VuEnvironment = {
  control,
  scriptPath: data.scriptPath,
  // This worker's share of the `rps` limit, so that the workers together keep the option's rate.
  options: data.options.rps > 0 ? { ...data.options, rps: data.options.rps * workerFraction(data.shares) } : data.options,
  env: data.env,
  metrics,
  modules: HOST_MODULES,
  log: (level, message, fields) => send({ type: 'log', level, message, fields }),
  stopFlag: new Int32Array(data.stopFlag),
  runtimeModules: data.runtimeModules,
};

const shares: ScenarioShare[] = data.shares.map((share) => {
  const segmented = segmentedShare(share);
  return {
    scenario: segmented.scenario,
    segment: segmented,
    vus: share.vus,
    sharedCounter: share.sharedCounter === undefined ? undefined : new Int32Array(share.sharedCounter),
    iterationCounter: new Int32Array(share.iterationCounter),
    live: liveVusFor(segmented.scenario),
  };
});

async function main(): Promise<void> {
  const total = workerVus(shares);
  const started = performance.now();
  let vus: VirtualUser[];
  try {
    vus = await initializeVus(environment, data.firstVuId, total);
  } catch (error) {
    send({ type: 'failed', error: serializeError(error) });
    return;
  }
  state.initializedVUs = vus.length;
  const liveControl = new WorkerControl(state, environment, shares, send);
  const lifecycle = new WorkerLifecycle(environment, send, flush);
  liveControl.fillPools(shares, vus);
  send({ type: 'ready', vus: vus.length, initMs: performance.now() - started, youngGenerationMb: resourceLimits.maxYoungGenerationSizeMb });

  const start = await new Promise<Extract<MainMessage, { type: 'start' }>>((resolve) => {
    port.on('message', (message: MainMessage) => {
      if (message.type === 'start') resolve(message);
      else if (message.type === 'stop') state.stop('stopped by the main thread');
      else if (message.type === 'instance') instanceTotals = message.totals;
      else if (message.type === 'pause' || message.type === 'scale') liveControl.handle(message);
      else if (message.type === 'lifecycle') void lifecycle.run(message.requestId, message);
      else if (message.type === 'lifecycle-interrupt') lifecycle.interrupt(message.requestId);
    });
  });
  state.stopSignal.addEventListener('abort', () => {
    for (const vu of vus) vu.interrupt();
    liveControl.interruptAdded();
  });
  state.startedAtEpoch = start.startAtEpoch;
  instanceTotals = start.instance;
  const timer = setInterval(flush, FLUSH_INTERVAL_MS);
  try {
    await runScenarioShares(environment, shares, vus, start.setupDataJson, state, start.startAtEpoch);
  } finally {
    clearInterval(timer);
    for (const vu of vus) vu.dispose();
    liveControl.disposeAdded();
    flush();
    send({ type: 'done' });
  }
}

await main();
