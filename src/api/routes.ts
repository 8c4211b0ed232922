/**
 * The REST API's routes (k6 `api/v1/routes.go`, `internal/api/server.go`): method + path → handler.
 * A known path with the wrong method answers 405 with an empty body, as k6; `/ping` and every path
 * outside `/v1/` answer `ok`; an unknown `/v1/` path is a JSON:API 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ControlSurface } from './control-surface.js';
import { ApiError, parseJson, readBody, sendError, sendJson } from './json-api.js';
import { groupDocument, groupsDocument } from './v1/groups.js';
import { metricDocument, metricsDocument } from './v1/metrics.js';
import { getSetupData, postSetup, postTeardown, putSetupData } from './v1/setup.js';
import { applyStatusPatch, apiErrorOf, parseStatusPatch, statusDocument } from './v1/status.js';

type Handler = (surface: ControlSurface, request: IncomingMessage, response: ServerResponse, id: string) => Promise<void> | void;

interface Route {
  /** Exact path, or a prefix ending in `/` whose remainder is the `id`. */
  readonly path: string;
  readonly prefix: boolean;
  readonly methods: Readonly<Record<string, Handler>>;
}

const ok = (response: ServerResponse, body: unknown): void => sendJson(response, 200, body);

const ROUTES: readonly Route[] = [
  {
    path: '/v1/status',
    prefix: false,
    methods: {
      GET: (surface, _request, response) => ok(response, statusDocument(surface.status())),
      PATCH: async (surface, request, response) => {
        const patch = parseStatusPatch(parseJson(await readBody(request)));
        await applyStatusPatch(surface, patch);
        ok(response, statusDocument(surface.status()));
      },
    },
  },
  { path: '/v1/metrics', prefix: false, methods: { GET: (surface, _request, response) => ok(response, metricsDocument(surface)) } },
  { path: '/v1/metrics/', prefix: true, methods: { GET: (surface, _request, response, id) => ok(response, metricDocument(surface, id)) } },
  { path: '/v1/groups', prefix: false, methods: { GET: (surface, _request, response) => ok(response, groupsDocument(surface)) } },
  { path: '/v1/groups/', prefix: true, methods: { GET: (surface, _request, response, id) => ok(response, groupDocument(surface, id)) } },
  {
    path: '/v1/setup',
    prefix: false,
    methods: {
      GET: (surface, _request, response) => ok(response, getSetupData(surface)),
      PUT: async (surface, request, response) => ok(response, putSetupData(surface, await readBody(request))),
      POST: async (surface, _request, response) => ok(response, await postSetup(surface)),
    },
  },
  {
    path: '/v1/teardown',
    prefix: false,
    methods: {
      POST: async (surface, _request, response) => {
        await postTeardown(surface);
        response.writeHead(200).end();
      },
    },
  },
];

/** Answers one request; never throws. Returns the HTTP status sent (for the debug log). */
export async function handleRequest(surface: ControlSurface, request: IncomingMessage, response: ServerResponse): Promise<number> {
  try {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith('/v1/')) {
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
      return 200;
    }
    const route = ROUTES.find((candidate) => (candidate.prefix ? path.startsWith(candidate.path) : path === candidate.path));
    if (route === undefined) throw new ApiError(404, 'Not Found', `there is no REST API endpoint ${path}`);
    const handler = route.methods[request.method ?? 'GET'];
    if (handler === undefined) {
      response.writeHead(405, { Allow: Object.keys(route.methods).join(', ') }).end();
      return 405;
    }
    await handler(surface, request, response, route.prefix ? decodeId(path.slice(route.path.length)) : '');
    return response.statusCode;
  } catch (error) {
    const failure = apiErrorOf(error);
    if (!response.headersSent) sendError(response, failure);
    else response.end();
    return failure.status;
  }
}

function decodeId(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ApiError(400, 'Invalid data', `the id ${JSON.stringify(text)} is not valid URL encoding`);
  }
}
