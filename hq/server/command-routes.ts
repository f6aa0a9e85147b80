import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FleetLogsRequest, type FleetLogsResponse } from '../../electron/contract/fleet-commands.ts';
import { HQ_ROUTES } from '../../electron/contract/sync.ts';
import type { HqDb } from '../db/database.ts';
import { commandHistory, commandLogs, issueCommand, issueStoreCommand, listCommands, storeCommandLogs } from '../fleet-commands.ts';
import type { HqKeys } from '../keys.ts';
import { KioskParams, StoreParams } from './admin-schemas.ts';
import { actorOf } from './access.ts';
import type { KioskAuth } from './auth.ts';
import { CommandParams, CommandsQuery, IssueCommandRequest } from './command-schemas.ts';
import { HqHttpError, parseInput } from './http.ts';

/**
 * Remote commands (issue 12 item 4): store IT issues and follows them (admin token); a kiosk
 * uploads the logs a collect_logs asked for (kiosk-signed). Commands go down in the pull's
 * messages and their results come up in the kiosk's outbox, so neither needs a route of its own.
 */
export function commandRoutes(app: FastifyInstance, d: { db: HqDb; keys: HqKeys; auth: KioskAuth; now: () => number }): void {
  const { db, keys, auth, now } = d;

  app.post(`/${HQ_ROUTES.fleetLogs}`, async (request): Promise<FleetLogsResponse> => {
    const { kioskId } = await auth.authenticate(request, HQ_ROUTES.fleetLogs, 'POST');
    const body = parseInput(FleetLogsRequest, request.body, 'body');
    const outcome = await storeCommandLogs(db, kioskId, body, now());
    if (!outcome.ok) {
      throw outcome.reason === 'not_found'
        ? new HqHttpError(404, 'NOT_FOUND', `no command ${body.commandId} for this kiosk`)
        : new HqHttpError(409, 'BAD_REQUEST', `command ${body.commandId} did not ask for logs`);
    }
    request.log.info({ kioskId, commandId: body.commandId, chars: body.text.length, stored: outcome.stored }, 'kiosk logs received');
    return { stored: outcome.stored, serverTime: now() };
  });

  // A console user is named by their session; a script with the admin token names itself.
  const issuer = (request: FastifyRequest, named: string | undefined) => (request.principal?.session ? actorOf(request) : `admin-api:${named ?? 'unnamed'}`);

  app.post('/v1/admin/kiosks/:id/commands', async (request) => {
    const { id } = parseInput(KioskParams, request.params, 'params');
    const { ttlMinutes, issuedBy, ...spec } = parseInput(IssueCommandRequest, request.body, 'body');
    const outcome = await issueCommand(db, keys, id, { spec, issuedBy: issuer(request, issuedBy), ttlMinutes }, now());
    if (!outcome.ok) {
      throw outcome.reason === 'not_found' ? new HqHttpError(404, 'NOT_FOUND', `no kiosk ${id}`) : new HqHttpError(409, 'KIOSK_REVOKED', `kiosk ${id} is revoked: it takes no commands`);
    }
    request.log.info({ kioskId: id, commandId: outcome.command.commandId, kind: spec.kind }, 'command issued');
    return { command: outcome.command };
  });

  app.post('/v1/admin/stores/:id/commands', async (request) => {
    const { id } = parseInput(StoreParams, request.params, 'params');
    const { ttlMinutes, issuedBy, ...spec } = parseInput(IssueCommandRequest, request.body, 'body');
    const { batchId, commands } = await issueStoreCommand(db, keys, id, { spec, issuedBy: issuer(request, issuedBy), ttlMinutes }, now());
    request.log.info({ storeId: id, batchId, kiosks: commands.length, kind: spec.kind }, 'command issued to a store');
    return { storeId: id, batchId, commands };
  });

  app.get('/v1/admin/kiosks/:id/commands', async (request) => {
    const { id } = parseInput(KioskParams, request.params, 'params');
    const { state, limit } = parseInput(CommandsQuery, request.query, 'query');
    return { kioskId: id, commands: await listCommands(db, id, now(), { state, limit }) };
  });

  app.get('/v1/admin/kiosks/:id/commands/:commandId', async (request) => {
    const { id, commandId } = parseInput(CommandParams, request.params, 'params');
    const [command] = await listCommands(db, id, now(), { commandId, limit: 1 });
    if (!command) throw new HqHttpError(404, 'NOT_FOUND', `no command ${commandId} for kiosk ${id}`);
    return { command, history: await commandHistory(db, id, commandId) };
  });

  app.get('/v1/admin/kiosks/:id/commands/:commandId/logs', async (request, reply) => {
    const { id, commandId } = parseInput(CommandParams, request.params, 'params');
    const logs = await commandLogs(db, id, commandId);
    if (!logs) throw new HqHttpError(404, 'NOT_FOUND', `no logs for command ${commandId} of kiosk ${id}`);
    return reply.type('text/plain; charset=utf-8').send(logs.text);
  });
}
