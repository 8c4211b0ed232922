/**
 * Every host module a VU gets, in one list: the CLI's main-thread VUs (options, setup, teardown,
 * handleSummary) and the worker VUs must see the same operations.
 */
import type { HostModule } from '../vu/bridge-contract.js';
import { executionModule } from './execution/execution-module.js';
import { httpModule } from './http/http-module.js';

export const HOST_MODULES: readonly HostModule[] = [httpModule, executionModule];
