// @ts-check
// `k6/metrics`: custom Counter, Gauge, Rate and Trend metrics.
import { host, emit, currentGroupPath } from 'qk6:internal';

class Metric {
  /** @param {string} type @param {string} name @param {boolean} isTime */
  constructor(type, name, isTime) {
    host.call('metrics.define', JSON.stringify({ name: String(name), type, isTime: Boolean(isTime) }));
    /** @readonly */
    this.name = String(name);
  }

  /**
   * Adds one sample; booleans count as 1/0. Tags are added to the sample's group tag.
   * @param {number | boolean} value @param {Record<string, unknown>} [tags]
   */
  add(value, tags) {
    const number = typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
    if (value === null || Number.isNaN(number)) {
      host.call('log', JSON.stringify(['warn', `the value '${String(value)}' added to the metric '${this.name}' is not a number, it will be ignored`]));
      return false;
    }
    /** @type {Record<string, string>} */
    const sampleTags = { group: currentGroupPath() };
    if (tags) for (const key of Object.keys(tags)) sampleTags[key] = String(tags[key]);
    emit(this.name, number, sampleTags);
    return true;
  }
}

export class Counter extends Metric {
  /** @param {string} name @param {boolean} [isTime] */
  constructor(name, isTime = false) {
    super('counter', name, isTime);
  }
}

export class Gauge extends Metric {
  /** @param {string} name @param {boolean} [isTime] */
  constructor(name, isTime = false) {
    super('gauge', name, isTime);
  }
}

export class Rate extends Metric {
  /** @param {string} name @param {boolean} [isTime] */
  constructor(name, isTime = false) {
    super('rate', name, isTime);
  }
}

export class Trend extends Metric {
  /** @param {string} name @param {boolean} [isTime] */
  constructor(name, isTime = false) {
    super('trend', name, isTime);
  }
}

export default { Counter, Gauge, Rate, Trend };
