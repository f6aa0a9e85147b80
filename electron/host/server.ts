import websocket from '@fastify/websocket';
import Fastify, { LogController } from 'fastify';
import { z } from 'zod';
import { channels, channelNames, events } from '../contract/api.ts';
import { SECURITY_HEADERS } from '../contract/csp.ts';
import type { ErrorCode } from '../contract/errors.ts';
import type { KioskCore } from '../core/kiosk-core.ts';
import type { Logger } from '../core/logger.ts';
import { readStaticFile } from '../core/static-files.ts';

export interface HostOptions {
  core: KioskCore;
  rendererDir: string;
  bind: string;
  port: number;
  log: Logger;
}

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  UNKNOWN_CHANNEL: 404,
  UNAVAILABLE: 503,
  INTERNAL: 500,
  ID_FORMAT: 422,
  ID_CHECKSUM: 422,
  ID_REGION: 422,
  ID_BIRTH_DATE: 422,
  MOBILE_FORMAT: 422,
  CONSENT_OUTDATED: 409,
  PLAN_UNAVAILABLE: 409,
  APPLICATION_STATE: 409,
  CONTRACT_CHANGED: 409,
  COOLING_OFF_OVER: 409,
  SLOT_UNAVAILABLE: 409,
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
  const app = Fastify({
    loggerInstance: options.log,
    bodyLimit: 1_048_576,
    // Request lines would log URLs and bodies; the core logs what matters, without personal data.
    logController: new LogController({ disableRequestLogging: true }),
  });
  await app.register(websocket);

  // Filled in once the port is known. On a loopback bind only loopback names are accepted
  // (DNS rebinding); on any bind a browser's Origin must be the host itself (cross-site calls).
  const loopbackHosts = new Set<string>();
  const loopbackOnly = ['127.0.0.1', 'localhost', '::1'].includes(options.bind);
  const sameOrigin = (host: string | undefined, origin: string | undefined) => {
    if (host === undefined || (loopbackOnly && !loopbackHosts.has(host))) return false;
    return origin === undefined || origin === `http://${host}`;
  };

  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    reply.header('X-Frame-Options', 'DENY');
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!sameOrigin(request.headers.host, request.headers.origin)) {
      return reply.code(403).send({ ok: false, error: { code: 'BAD_REQUEST', message: 'Cross-origin request refused' } });
    }
  });

  app.get('/api', async () => describeApi());

  app.post<{ Params: { channel: string } }>('/api/:channel', async (request, reply) => {
    const result = await core.dispatch(request.params.channel, request.body);
    return reply.code(result.ok ? 200 : STATUS[result.error.code]).send(result);
  });

  app.get('/api/events', { websocket: true }, (socket) => {
    const unsubscribe = core.subscribe((event) => socket.send(JSON.stringify(event)));
    socket.on('close', unsubscribe);
  });

  app.setNotFoundHandler(async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply.code(404).send();
    if (request.url.startsWith('/api/')) {
      return reply.code(404).send({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'No such API path' } });
    }
    const file = await readStaticFile(rendererDir, request.url);
    if (file.status === 404) return reply.code(404).type('text/plain').send('Not found');
    return reply
      .type(file.contentType)
      .header('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(file.body);
  });

  // JSON bodies only; anything else is a bad request in the contract's terms.
  app.setErrorHandler(async (error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    const code: ErrorCode = status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
    if (status >= 500) options.log.error({ err: error }, 'host error');
    return reply.code(status).send({ ok: false, error: { code, message: status >= 500 ? 'Host error' : error.message } });
  });

  await app.listen({ host: options.bind, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  for (const name of ['127.0.0.1', 'localhost', '[::1]']) loopbackHosts.add(`${name}:${port}`);
  const shown = loopbackOnly || options.bind === '0.0.0.0' ? '127.0.0.1' : options.bind;
  return { url: `http://${shown}:${port}`, close: () => app.close() };
}
