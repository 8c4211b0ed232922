// Reusable checks, used by ../local-modules.js.
import { check } from 'k6';

/** Checks that `res` has `status` and a JSON body; returns check()'s result. */
export function expectJson(res, status, name) {
  return check(res, {
    [`${name}: status ${status}`]: (r) => r.status === status,
    [`${name}: JSON body`]: (r) => String(r.headers['Content-Type']).includes('application/json'),
  });
}

export default expectJson;
