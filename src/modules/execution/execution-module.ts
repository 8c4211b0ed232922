/**
 * Host side of `k6/execution`: what the VU, its scenario, the instance and the test look like right
 * now (read on every property access, as k6's getters do), `exec.vu.tags`, and test.abort()/fail().
 */
import { GuestError, type HostModule } from '../../vu/bridge-contract.js';
import type { VuHostContext } from '../../vu/host-context.js';

function requireRunning(vu: VuHostContext, what: string): void {
  if (vu.phase === 'init') throw new GuestError(`getting ${what} information in the init context is not supported`);
}

function reasonOf(payload: unknown): string | undefined {
  return typeof payload === 'string' ? payload : undefined;
}

export const executionModule: HostModule = {
  sync: {
    'execution.vu': (vu) => {
      requireRunning(vu, 'VU');
      const { execution } = vu;
      return {
        idInInstance: vu.id,
        idInTest: vu.id,
        iterationInInstance: execution.iterationInInstance,
        iterationInScenario: execution.iterationInScenario,
      };
    },
    'execution.scenario': (vu) => {
      requireRunning(vu, 'scenario');
      const scenario = vu.execution.scenario;
      if (scenario === undefined) throw new GuestError('getting scenario information outside of a scenario (in setup or teardown) is not supported');
      return {
        name: scenario.name,
        executor: scenario.executor,
        startTime: scenario.startTime,
        progress: scenario.progress(),
        iterationInInstance: scenario.iterationInInstance,
        iterationInTest: scenario.iterationInTest,
      };
    },
    'execution.instance': (vu) => {
      requireRunning(vu, 'instance');
      return vu.execution.control.instance();
    },
    'execution.options': (vu) => {
      requireRunning(vu, 'test options');
      return vu.execution.control.options;
    },
    'execution.tags': (vu) => vu.vuTags,
    'execution.setTag': (vu, { payload }) => {
      requireRunning(vu, 'VU tags');
      if (!Array.isArray(payload) || typeof payload[0] !== 'string') throw new GuestError('invalid VU tag');
      const value: unknown = payload[1];
      if (value === null || value === undefined) {
        delete vu.vuTags[payload[0]];
        return undefined;
      }
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw new GuestError(`only String, Boolean and Number types are accepted as a metric tag value`);
      }
      vu.vuTags[payload[0]] = String(value);
      return undefined;
    },
    'execution.abort': (vu, { payload }) => {
      vu.execution.control.abort(reasonOf(payload));
      vu.interruptSelf();
      return undefined;
    },
    'execution.fail': (vu, { payload }) => {
      vu.execution.control.fail(reasonOf(payload));
      return undefined;
    },
  },
};
