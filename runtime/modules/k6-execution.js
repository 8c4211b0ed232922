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

/**
 * A frozen object whose `keys` read the host's current values on each access, like k6's getters.
 * @param {string} op @param {string[]} keys @param {PropertyDescriptorMap} [extra]
 */
function live(op, keys, extra = {}) {
  /** @type {PropertyDescriptorMap} */
  const properties = { ...extra };
  for (const key of keys) properties[key] = { get: () => read(op)[key], enumerable: true };
  return Object.freeze(Object.defineProperties({}, properties));
}

export const vu = live('execution.vu', ['idInInstance', 'idInTest', 'iterationInInstance', 'iterationInScenario'], {
  tags: {
    get: () => {
      read('execution.vu');
      return tags;
    },
    set: () => {
      throw new TypeError('exec.vu.tags cannot be replaced; set its properties instead');
    },
    enumerable: true,
  },
  metrics: { value: Object.freeze({ tags, metadata }), enumerable: true },
});

export const scenario = live('execution.scenario', ['name', 'executor', 'startTime', 'progress', 'iterationInInstance', 'iterationInTest']);

export const instance = live('execution.instance', [
  'currentTestRunDuration',
  'iterationsCompleted',
  'iterationsInterrupted',
  'vusActive',
  'vusInitialized',
]);

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
