// @ts-check
// `k6/execution`: live information about the VU, its scenario, the instance and the test, read from
// the host on each access (like k6's getters), plus test.abort() and test.fail().
import { host } from 'qk6:internal';

/** @param {string} op */
const read = (op) => JSON.parse(/** @type {string} */ (host.call(op)));

/** `exec.vu.tags`: writes set per-VU tags that every later sample of this VU carries. */
const tags = new Proxy(/** @type {Record<string, string>} */ ({}), {
  get: (_target, key) => (typeof key === 'string' ? read('execution.tags')[key] : undefined),
  set: (_target, key, value) => {
    host.call('execution.setTag', JSON.stringify([String(key), value]));
    return true;
  },
  deleteProperty: (_target, key) => {
    host.call('execution.setTag', JSON.stringify([String(key), null]));
    return true;
  },
  has: (_target, key) => typeof key === 'string' && key in read('execution.tags'),
  ownKeys: () => Object.keys(read('execution.tags')),
  getOwnPropertyDescriptor: (_target, key) => {
    const all = read('execution.tags');
    return typeof key === 'string' && key in all ? { value: all[key], writable: true, enumerable: true, configurable: true } : undefined;
  },
});

/** @type {Record<string, unknown>} */
const metadata = {};

export const vu = Object.freeze({
  get idInInstance() {
    return read('execution.vu').idInInstance;
  },
  get idInTest() {
    return read('execution.vu').idInTest;
  },
  get iterationInInstance() {
    return read('execution.vu').iterationInInstance;
  },
  get iterationInScenario() {
    return read('execution.vu').iterationInScenario;
  },
  get tags() {
    read('execution.vu');
    return tags;
  },
  set tags(_value) {
    throw new TypeError('exec.vu.tags cannot be replaced; set its properties instead');
  },
  metrics: Object.freeze({
    get tags() {
      return tags;
    },
    get metadata() {
      return metadata;
    },
  }),
});

export const scenario = Object.freeze({
  get name() {
    return read('execution.scenario').name;
  },
  get executor() {
    return read('execution.scenario').executor;
  },
  get startTime() {
    return read('execution.scenario').startTime;
  },
  get progress() {
    return read('execution.scenario').progress;
  },
  get iterationInInstance() {
    return read('execution.scenario').iterationInInstance;
  },
  get iterationInTest() {
    return read('execution.scenario').iterationInTest;
  },
});

export const instance = Object.freeze({
  get currentTestRunDuration() {
    return read('execution.instance').currentTestRunDuration;
  },
  get iterationsCompleted() {
    return read('execution.instance').iterationsCompleted;
  },
  get iterationsInterrupted() {
    return read('execution.instance').iterationsInterrupted;
  },
  get vusActive() {
    return read('execution.instance').vusActive;
  },
  get vusInitialized() {
    return read('execution.instance').vusInitialized;
  },
});

export const test = Object.freeze({
  /** Stops the whole test now (teardown and the summary still run); exit code 108. @param {string} [reason] */
  abort(reason) {
    host.call('execution.abort', reason === undefined ? undefined : JSON.stringify(String(reason)));
    // The host interrupts this VU; should the script catch the interruption, it still ends here.
    throw new Error(`test aborted${reason === undefined ? '' : `: ${String(reason)}`}`);
  },
  /** Marks the test as failed (exit code 110) and lets it go on. @param {string} [reason] */
  fail(reason) {
    host.call('execution.fail', reason === undefined ? undefined : JSON.stringify(String(reason)));
  },
  get options() {
    return read('execution.options');
  },
});

export default { vu, scenario, instance, test };
