import websocket from '@fastify/websocket';
import Fastify, { LogController } from 'fastify';
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { channels, channelNames, events } from '../contract/api.ts';
import { STAFF_TOKEN_HEADER } from '../contract/staff.ts';
import { SECURITY_HEADERS } from '../contract/csp.ts';
import { fail, type ApiResult, type ErrorCode } from '../contract/errors.ts';
import type { KioskCore } from '../core/kiosk-core.ts';
import type { Logger } from '../core/logger.ts';
import { readStaticFile } from '../core/static-files.ts';
import { registerWatchdogRoutes, WATCHDOG_SW_HEADERS, WATCHDOG_SW_PATH } from './watchdog-routes.ts';

export interface HostOptions {
  core: KioskCore;
  rendererDir: string;
  bind: string;
  port: number;
  /** Names besides the loopback ones that browsers reach this host by (config `hostNames`). */
  allowedNames: readonly string[];
  log: Logger;
}

/** On every answer of the host, errors and refusals included. */
const HEADERS: Readonly<Record<string, string>> = { ...SECURITY_HEADERS, 'X-Frame-Options': 'DENY' };

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::']);

const REFUSED = fail('BAD_REQUEST', 'Cross-origin request refused');

/**
 * A request Fastify or Node refused before any handler ran, in the contract's terms. The message
 * names the HTTP status and the framework's error code only: the framework's own messages repeat
 * the URL or the body, which may carry a phone or ID number.
 */
function frameworkFailure(status: number, code: string | undefined) {
  const reason = STATUS_CODES[status] ?? 'Error';
  return fail(status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', code ? `${reason} (${code})` : reason);
}

/** Headers and body of an answer written without Fastify's reply (it runs no hooks at that stage). */
function rawAnswer(result: ApiResult<never>): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify(result);
  return { headers: { ...HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) }, body };
}

/**
 * The Host values this host answers to: each name with the port (browsers leave out port 80).
 * IP literals can be listed too, since a page cannot rebind those; names are what an attacker's
 * DNS controls, so only these exact ones are accepted.
 */
function acceptedHosts(names: readonly string[], port: number): ReadonlySet<string> {
  const hosts = new Set<string>();
  for (const name of names) {
    hosts.add(`${name}:${port}`);
    if (port === 80) hosts.add(name);
  }
  return hosts;
}

/** The address the server listens on as a URL host (IPv6 in brackets). */
const urlHost = (address: AddressInfo) => (address.family === 'IPv6' ? `[${address.address}]` : address.address);

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_CHANNEL: 404,
  UNAVAILABLE: 503,
  INTERNAL: 500,
  ID_FORMAT: 422,
  ID_CHECKSUM: 422,
  ID_REGION: 422,
  ID_BIRTH_DATE: 422,
  MOBILE_FORMAT: 422,
  ADDRESS_INCOMPLETE: 422,
  CONSENT_OUTDATED: 409,
  PLAN_UNAVAILABLE: 409,
  APPLICATION_STATE: 409,
  CONTRACT_CHANGED: 409,
  COOLING_OFF_OVER: 409,
  SLOT_UNAVAILABLE: 409,
  SESSION_ENDED: 409,
  ABOVE_AUTHORITY: 403,
  ALREADY_MEMBER: 409,
  FACE_MISMATCH: 422,
  VERIFY_UNAVAILABLE: 503,
  TOO_MANY_CODES: 429,
  CODE_WRONG: 422,
  CODE_EXPIRED: 410,
};

/** The contract described for people and tools: every channel's request and response JSON Schema. */
function describeApi() {
  const schema = (type: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(type, { io, unrepresentable: 'any' });
  return {
    channels: channelNames.map((name) => ({
      name,
      path: `/api/${name}`,
      request: schema(channels[name].request, 'input'),
      response: schema(channels[name].response, 'output'),
    })),
    events: Object.entries(events).map(([name, payload]) => ({ name, payload: schema(payload, 'output') })),
    transport: { call: 'POST /api/<channel> with a JSON body', events: 'WebSocket /api/events' },
  };
}

/**
 * The web host: the kiosk UI and the kiosk API over HTTP and WebSocket, for browser-kiosk
 * mode and end-to-end tests. Only same-origin callers are served, so a page on another
 * origin (or a DNS-rebinding name) cannot drive the kiosk.
 */
export interface Host {
  url: string;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<Host> {
  const { core, rendererDir } = options;

  // Known once the port is: until then nothing is listening.
  let accepted: ReadonlySet<string> = new Set();
  /**
   * DNS rebinding: a page on a name its owner points at this machine sends that name as Host,
   * whatever address the host is bound to; so Host must be one of ours, always. A browser's
   * Origin must then be exactly that host (cross-site calls).
   */
  const sameOrigin = (headers: IncomingHttpHeaders) => {
    const host = headers.host?.toLowerCase();
    if (host === undefined || !accepted.has(host)) return false;
    return headers.origin === undefined || headers.origin === `http://${host}`;
  };

  const app = Fastify({
    loggerInstance: options.log,
    bodyLimit: 1_048_576,
    // Request lines would log URLs and bodies; the core logs what matters, without personal data.
    logController: new LogController({ disableRequestLogging: true }),
    // A malformed URL or an over-long path fails before routing, so no hook runs for it: the
    // Host check and the headers are applied here.
    frameworkErrors: (error, request, reply) => {
      const refused = !sameOrigin(request.headers);
      const status = refused ? 403 : (error.statusCode ?? 400);
      const { headers, body } = rawAnswer(refused ? REFUSED : frameworkFailure(status, error.code));
      reply.raw.writeHead(status, headers).end(body);
    },
    // Bytes Node's HTTP parser rejects never become a request at all; answer on the socket.
    clientErrorHandler: (error, socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const { headers, body } = rawAnswer(frameworkFailure(status, error.code));
      const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`, ...Object.entries({ ...headers, Connection: 'close' }).map(([name, value]) => `${name}: ${value}`)];
      if (socket.writable) socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
      socket.destroy(error);
    },
  });
  await app.register(websocket);

  app.addHook('onSend', async (_request, reply) => {
    reply.headers(HEADERS);
  });

  // Runs for WebSocket upgrades too (@fastify/websocket routes them through Fastify).
  app.addHook('onRequest', async (request, reply) => {
    if (!sameOrigin(request.headers)) return reply.code(403).send(REFUSED);
  });

  app.get('/api', async () => describeApi());

  app.post<{ Params: { channel: string } }>('/api/:channel', async (request, reply) => {
    const token = request.headers[STAFF_TOKEN_HEADER];
    const result = await core.dispatch(request.params.channel, request.body, core.callerFor(typeof token === 'string' ? token : undefined));
    return reply.code(result.ok ? 200 : STATUS[result.error.code]).send(result);
  });

  app.get('/api/events', { websocket: true }, (socket) => {
    const unsubscribe = core.subscribe((event) => socket.send(JSON.stringify(event)));
    socket.on('close', unsubscribe);
  });

  // The screen watchdog's agent asks here, and sends a stuck tab through here (watchdog-routes.ts).
  registerWatchdogRoutes(app, core, () => accepted);

  app.setNotFoundHandler(async (request, reply) => {
    if (request.url === '/api' || request.url.startsWith('/api/')) {
      return reply.code(404).send(fail('UNKNOWN_CHANNEL', 'No such API path'));
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply.code(404).type('text/plain').send('Not found');
    const file = await readStaticFile(rendererDir, request.url);
    if (file.status === 404) return reply.code(404).type('text/plain').send('Not found');
    if (request.url.split('?')[0] === WATCHDOG_SW_PATH) reply.headers(WATCHDOG_SW_HEADERS);
    return reply
      .type(file.contentType)
      .header('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(file.body);
  });

  // Bad JSON, another content type, a body over the limit: a bad request in the contract's terms.
  app.setErrorHandler(async (error: { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) options.log.error({ err: error }, 'host error');
    return reply.code(status).send(frameworkFailure(status, error.code));
  });

  await app.listen({ host: options.bind, port: options.port });
  const address = app.server.address() as AddressInfo;
  // A specific address is reachable (and cannot be rebound) as itself; a wildcard bind is shown as loopback.
  const own = WILDCARD_ADDRESSES.has(address.address) ? '127.0.0.1' : urlHost(address);
  accepted = acceptedHosts([...LOOPBACK_NAMES, own, ...options.allowedNames], address.port);
  return { url: `http://${own}:${address.port}`, close: () => app.close() };
}
