import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppVersion, Ring } from '../electron/contract/fleet.ts';
import { KioskId, StoreId } from '../electron/contract/sync.ts';
import type { HqDb } from './db/database.ts';
import type { HqKeys } from './keys.ts';
import {
  actOnRollout,
  holdKiosk,
  listReleases,
  listRollouts,
  pinKiosk,
  registerRelease,
  releaseFromUpdaterYaml,
  rollBack,
  rolloutProgress,
  rolloutTimeline,
  setStoreRing,
  startRollout,
  type RolloutRow,
} from './releases.ts';
import { RegisterReleaseRequest } from './server/release-schemas.ts';

/** Store IT's release commands (`npm run hq -- <command>`), on HQ's database like the other commands. */
export const RELEASE_USAGE = `  release <latest-linux.yml> [latest.yml] --base-url URL [--notes text]
                                                      register a build from electron-builder's update
                                                      files (uploaded to URL) and sign its manifest
  releases                                            list registered releases
  rollout start <version> [--bake-hours 24] [--failure-share 0.1] [--min-failures 2]
                                                      roll a release out: lab, canary, 5 %, 25 %, all
  rollout status [id]                                 rings, failures and timeline (default: the latest)
  rollout halt|resume|advance|cancel|rollback <id> [--reason text]
  ring <storeId> <lab|canary|early|broad|all|drawn>   place a store in a ring (drawn: HQ's draw)
  pin <kioskId> <version|none>                        pin a kiosk to a release (a signed downgrade too)
  hold <kioskId> | unhold <kioskId>                   keep a kiosk at its version, or let it follow its ring`;

export class ReleaseUsageError extends Error {}

interface Context {
  withDatabase<T>(fn: (db: HqDb) => Promise<T>): Promise<T>;
  keys(): Promise<HqKeys>;
  by: string;
}

const parse = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, value: unknown, what: string): T => {
  const r = schema.safeParse(value);
  if (!r.success) throw new ReleaseUsageError(`${what}: ${String(value)} is not valid`);
  return r.data;
};

const time = (at: number) => new Date(at).toISOString();

/** A refusal that is not a usage mistake (already registered, no such kiosk): said plainly, without the usage text. */
function fail(message: string): number {
  console.error(message);
  return 1;
}

function describeRollout(r: RolloutRow): string {
  const halted = r.haltedReason ? ` — ${r.haltedReason}` : '';
  return `rollout ${r.id}  ${r.version}  ${r.state.toUpperCase()} in ${r.ring} since ${time(r.stageStartedAt)}  bake ${Math.round(r.bakeMs / 60_000)} min  halts at ${r.minFailures}+ failures and ${Math.round(r.failureShare * 100)} %${halted}`;
}

/** Runs a release command; undefined when `command` is not one of them. */
export async function releaseCommand(command: string, rest: string[], ctx: Context): Promise<number | undefined> {
  const now = Date.now();
  switch (command) {
    case 'release': {
      const { values, positionals } = parseArgs({ args: rest, options: { 'base-url': { type: 'string' }, notes: { type: 'string' } }, allowPositionals: true, strict: true });
      if (positionals.length === 0 || !values['base-url']) throw new ReleaseUsageError('release needs <latest-linux.yml> [latest.yml] --base-url https://…/');
      const texts = positionals.map((file) => {
        try {
          return readFileSync(file, 'utf8');
        } catch (error) {
          throw new ReleaseUsageError(`cannot read ${file}: ${(error as Error).message}`);
        }
      });
      const base = values['base-url'].endsWith('/') ? values['base-url'] : `${values['base-url']}/`;
      const read = releaseFromUpdaterYaml(texts, base);
      if ('error' in read) throw new ReleaseUsageError(`${positionals.join(', ')}: ${read.error}`);
      const checked = RegisterReleaseRequest.safeParse({ ...read, ...(values.notes ? { notes: values.notes } : {}) });
      if (!checked.success) throw new ReleaseUsageError(checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const keys = await ctx.keys();
      const outcome = await ctx.withDatabase((db) => registerRelease(db, keys, checked.data, ctx.by, now));
      if (!outcome.ok) return fail(outcome.message);
      console.log(`registered ${outcome.version}: ${checked.data.files.map((f) => f.url).join(', ')}`);
      console.log(`roll it out with: npm run hq -- rollout start ${outcome.version}`);
      return 0;
    }
    case 'releases': {
      const releases = await ctx.withDatabase((db) => listReleases(db));
      if (releases.length === 0) console.log('no releases registered');
      for (const r of releases) console.log(`${r.version}  ${time(r.registeredAt)} by ${r.registeredBy}  ${r.files.length} file(s)${r.notes ? `  ${r.notes}` : ''}`);
      return 0;
    }
    case 'rollout':
      return rollout(rest, ctx, now);
    case 'ring': {
      const [store, ring] = rest;
      const storeId = parse(StoreId, store, 'storeId');
      const target = ring === 'drawn' ? null : parse(Ring, ring, 'ring');
      if (!(await ctx.withDatabase((db) => setStoreRing(db, storeId, target, now)))) return fail(`no store ${storeId}`);
      console.log(`${storeId} is in ${target ?? 'the ring HQ draws for it'}`);
      return 0;
    }
    case 'pin': {
      const [kiosk, version] = rest;
      const kioskId = parse(KioskId, kiosk, 'kioskId');
      const target = version === 'none' ? null : parse(AppVersion, version, 'version');
      const outcome = await ctx.withDatabase((db) => pinKiosk(db, kioskId, target));
      if (!outcome.ok) return fail(outcome.message);
      console.log(target ? `${kioskId} is pinned to ${target}: it installs it in its next maintenance window` : `${kioskId} follows its ring again`);
      return 0;
    }
    case 'hold':
    case 'unhold': {
      const kioskId = parse(KioskId, rest[0], 'kioskId');
      if (!(await ctx.withDatabase((db) => holdKiosk(db, kioskId, command === 'hold')))) return fail(`no kiosk ${kioskId}`);
      console.log(command === 'hold' ? `${kioskId} is held: HQ offers it nothing` : `${kioskId} follows its ring again`);
      return 0;
    }
    default:
      return undefined;
  }
}

async function rollout(rest: string[], ctx: Context, now: number): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { 'bake-hours': { type: 'string' }, 'failure-share': { type: 'string' }, 'min-failures': { type: 'string' }, reason: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [action, target] = positionals;
  const number = (value: string | undefined, what: string, ok: (n: number) => boolean) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!ok(n)) throw new ReleaseUsageError(`${what}: ${value} is not valid`);
    return n;
  };
  if (action === 'start') {
    const version = parse(AppVersion, target, 'version');
    const bakeHours = number(values['bake-hours'], '--bake-hours', (n) => n >= 0 && n <= 720);
    const input = {
      version,
      bakeMs: bakeHours === undefined ? undefined : Math.round(bakeHours * 3_600_000),
      failureShare: number(values['failure-share'], '--failure-share', (n) => n > 0 && n <= 1),
      minFailures: number(values['min-failures'], '--min-failures', (n) => Number.isInteger(n) && n >= 1),
    };
    const outcome = await ctx.withDatabase((db) => startRollout(db, input, ctx.by, now));
    if (!outcome.ok) return fail(outcome.message);
    console.log(describeRollout(outcome.rollout));
    return 0;
  }
  if (action === 'status') {
    const status = await ctx.withDatabase(async (db) => {
      const rollouts = await listRollouts(db, 1_000);
      const rollout = target === undefined ? rollouts[0] : rollouts.find((r) => r.id === Number(target));
      if (!rollout) return null;
      return { rollout, rings: await rolloutProgress(db, rollout), timeline: await rolloutTimeline(db, rollout.id) };
    });
    if (!status) return fail(target === undefined ? 'no rollouts yet' : `no rollout ${target}`);
    console.log(describeRollout(status.rollout));
    for (const r of status.rings) console.log(`  ${r.ring.padEnd(6)}  ${String(r.kiosks).padStart(5)} kiosks  ${String(r.onVersion).padStart(5)} on ${status.rollout.version}  ${r.failed} failed`);
    for (const t of status.timeline) console.log(`  ${time(t.at)}  ${t.event} @ ${t.ring}  by ${t.by}${t.detail ? `  ${t.detail}` : ''}`);
    return 0;
  }
  const id = number(target, 'rollout id', (n) => Number.isInteger(n) && n > 0);
  if (id === undefined) throw new ReleaseUsageError(`rollout ${action ?? ''} needs a rollout id`);
  if (action === 'rollback') {
    const outcome = await ctx.withDatabase((db) => rollBack(db, id, ctx.by, now));
    if (!outcome.ok) return fail(outcome.message);
    console.log(`rollout ${id} cancelled; ${outcome.pinned} kiosk(s) pinned back to ${outcome.to}, installed in their next maintenance window`);
    return 0;
  }
  if (action !== 'halt' && action !== 'resume' && action !== 'advance' && action !== 'cancel') throw new ReleaseUsageError(`rollout ${action ?? ''}: not an action (start, status, halt, resume, advance, cancel, rollback)`);
  const outcome = await ctx.withDatabase((db) => actOnRollout(db, id, action, ctx.by, now, values.reason));
  if (!outcome.ok) return fail(outcome.message);
  console.log(describeRollout(outcome.rollout));
  return 0;
}
