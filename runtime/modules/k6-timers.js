// @ts-check
// `k6/timers`: the same timer functions as the globals, for scripts that import them.
import { timers } from 'qk6:internal';

export const { setTimeout, clearTimeout, setInterval, clearInterval } = timers.api;

export default { setTimeout, clearTimeout, setInterval, clearInterval };
