/**
 * Every host module a VU gets, in one list: the CLI's main-thread VUs (options, setup, teardown,
 * handleSummary) and the worker VUs must see the same operations.
 */
import type { HostModule } from '../vu/bridge-contract.js';
import { cryptoModule } from './crypto/crypto-module.js';
import { dataModule } from './data/data-module.js';
import { encodingModule } from './encoding/encoding-module.js';
import { executionModule } from './execution/execution-module.js';
import { htmlModule } from './html/html-module.js';
import { httpModule } from './http/http-module.js';
import { webApisModule } from './web-apis/web-apis-module.js';
import { websocketsModule } from './websockets/websockets-module.js';
import { wsModule } from './ws/ws-module.js';

export const HOST_MODULES: readonly HostModule[] = [httpModule, executionModule, encodingModule, cryptoModule, dataModule, webApisModule, htmlModule, wsModule, websocketsModule];
