// `npm run demo`: HQ and one kiosk enrolled to it, so a person sees sync happen (issue 9, DESIGN.md §7).
//
// Builds, starts HQ on embedded PGlite in .demo-data/hq, publishes the demo datasets (catalog,
// finance, blocklist, decision model, config: with HQ configured a kiosk approves nothing offline
// until HQ's blocklist and model are confirmed), enrols a kiosk web host (data in .demo-data/kiosk,
// HQ's key pinned) and starts it. Re-running reuses both: the kiosk is enrolled again only when HQ's
// data was replaced, a dataset is published again only when its file changed. Ctrl-C stops both.
//
// The pieces are exported (startDemo) so test/hq/demo.test.ts runs them with ports 0 in a temp dir.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEMO_STORE = 'S001';
const STATE_FILE = 'demo-state.json';
/** Slow on a busy 2-core machine (PGlite alone takes over 10 s there). */
const READY_TIMEOUT_MS = 180_000;

/** Children still running: killed if the demo itself dies without stopping them (they run detached). */
const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The dataset files the demo publishes, in the wire form HQ checks them against. */
export function demoDatasets(root = ROOT) {
  const read = (path) => readFileSync(join(root, 'resources', path), 'utf8');
  const manifest = JSON.parse(read('decision-models/credit.manifest.json'));
  const graph = JSON.parse(read(join('decision-models', manifest.graph)));
  return [
    { dataset: 'catalog', body: read('demo-store/catalog.json') },
    { dataset: 'finance', body: read('finance/finance.json') },
    { dataset: 'blocklist', body: read('credit/blocklist.json') },
    { dataset: 'decision_models', body: JSON.stringify({ dataset: 'decision_models', version: manifest.version, manifest, graph }) },
    { dataset: 'config', body: JSON.stringify({ dataset: 'config', version: 'demo-config-1', offline: { maxBlocklistAgeHours: 72, maxModelAgeHours: 72 } }) },
    // The demo store's staff (README: their numbers and PINs); a roster goes to its own store only.
    { dataset: 'staff', body: read('demo-store/staff.json'), scope: JSON.parse(read('demo-store/staff.json')).storeId },
  ];
}

/**
 * An admin API request body publishing the demo catalog with its first product 10 % cheaper: what
 * `curl --data-binary @file …/v1/admin/publications` sends. Returns what changes, for the printout.
 */
export function priceChangeRequest(root = ROOT) {
  const catalog = JSON.parse(readFileSync(join(root, 'resources', 'demo-store', 'catalog.json'), 'utf8'));
  const product = catalog.products[0];
  const before = product.priceFen;
  product.priceFen = Math.round((before * 0.9) / 100) * 100;
  catalog.version = `${catalog.version}-price-cut`;
  return {
    request: JSON.stringify({ dataset: 'catalog', body: JSON.stringify(catalog) }),
    product: { name: product.name.en, model: product.model, before, after: product.priceFen },
  };
}

/** Resolves when `port` on 127.0.0.1 can be listened on; rejects with a message naming it if not. */
export function checkPortFree(port, what, variable) {
  if (port === 0) return Promise.resolve();
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', (error) => {
      reject(new Error(error.code === 'EADDRINUSE'
        ? `port ${port} (${what}) is taken: is another demo, HQ or kiosk running? Stop it, or set ${variable} to a free port`
        : `cannot use port ${port} (${what}): ${error.message}`));
    });
    server.listen({ host: '127.0.0.1', port }, () => server.close(() => resolvePort()));
  });
}

/**
 * A child process whose output lines go to `log` with a prefix. `ready(line)` returning a value
 * resolves `started` with it; the child exiting first rejects it with its last lines.
 */
function startChild(name, args, env, log, ready) {
  const child = spawn(process.execPath, ['--enable-source-maps', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches only the demo, which stops the kiosk, then HQ, once each.
    detached: true,
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const tail = [];
  let resolveStarted;
  let rejectStarted;
  const started = new Promise((res, rej) => ((resolveStarted = res), (rejectStarted = rej)));
  let done = false;
  const exited = new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));
  const onLine = (line) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
    log(`[${name}] ${line}`);
    if (!done && ready) {
      const value = ready(line);
      if (value !== undefined) {
        done = true;
        resolveStarted(value);
      }
    }
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') onLine(line);
    });
  }
  const timer = setTimeout(() => {
    if (done) return;
    done = true;
    rejectStarted(new Error(`${name} did not start within ${READY_TIMEOUT_MS / 1000} s`));
  }, READY_TIMEOUT_MS);
  void exited.then(({ code, signal }) => {
    clearTimeout(timer);
    if (done) return;
    done = true;
    rejectStarted(new Error(`${name} exited (${signal ?? `code ${code}`}) before it was ready:\n  ${tail.join('\n  ')}`));
  });
  void started.then(() => clearTimeout(timer), () => undefined);
  return {
    child,
    started,
    exited,
    /** SIGINT (a clean stop), SIGKILL after `graceMs`. */
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGINT');
      const timeout = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timeout);
      return result;
    },
  };
}

/** Runs `host.mjs enrol …` to completion; resolves with the kiosk id. (Also the console's publishing spec's way to enrol a kiosk.) */
export async function enrolKiosk(env, hqUrl, code, kioskDir, log) {
  const args = ['dist/host/host.mjs', 'enrol', '--hq', hqUrl, '--code', code, '--label', 'demo', '--data-dir', kioskDir, '--reenrol'];
  const lines = [];
  const enrolling = startChild('kiosk enrol', args, env, (line) => {
    lines.push(line);
    log(line);
  });
  const { code: exitCode } = await enrolling.exited;
  const id = lines.map((line) => /kiosk enrolled: kiosk (\S+)/.exec(line)?.[1]).find(Boolean);
  if (exitCode !== 0 || !id) throw new Error(`the kiosk could not enrol with HQ:\n  ${lines.join('\n  ')}`);
  return id;
}

async function admin(hqUrl, token, method, path, body) {
  const response = await fetch(new URL(path, hqUrl), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`HQ refused ${method} ${path}: ${answer.error?.message ?? response.status}`);
  return answer;
}

/** The environment children get: the parent's, without the settings the demo decides itself. */
function baseEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('HQ_') || name.startsWith('KIOSK_') || name === 'DATABASE_URL') delete env[name];
  return env;
}

/**
 * Starts the demo (dist/ must be built): HQ, then the datasets, the enrolment and the kiosk.
 * Options: dataDir, hqPort, kioskPort (0 = any free port), databaseUrl (PostgreSQL instead of
 * embedded PGlite), smsUrl (the SMS gateway HQ texts members' codes through), log (each output
 * line). Resolves once both serve; `stop()` stops the kiosk, then HQ. `exited` resolves when either stops by itself.
 */
export async function startDemo(options = {}) {
  const dataDir = resolve(options.dataDir ?? join(ROOT, '.demo-data'));
  const hqPort = options.hqPort ?? 4790;
  const kioskPort = options.kioskPort ?? 4780;
  const log = options.log ?? console.log;
  const hqDir = join(dataDir, 'hq');
  const kioskDir = join(dataDir, 'kiosk');
  mkdirSync(hqDir, { recursive: true });
  mkdirSync(kioskDir, { recursive: true });
  await checkPortFree(hqPort, 'HQ', 'DEMO_HQ_PORT');
  await checkPortFree(kioskPort, 'kiosk', 'DEMO_KIOSK_PORT');

  const stateFile = join(dataDir, STATE_FILE);
  let state = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
  const saveState = () => writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);

  const hqEnv = {
    ...baseEnv(),
    HQ_DATA_DIR: hqDir,
    HQ_PORT: String(hqPort),
    HQ_HOST: '127.0.0.1',
    HQ_LOG_LEVEL: 'warn',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.smsUrl ? { HQ_SMS_URL: options.smsUrl } : {}),
    ...options.hqEnv,
  };
  const hqOut = [];
  const launchHq = (env) =>
    startChild('hq', ['dist/hq/hq.mjs'], env, log, (line) => {
      hqOut.push(line);
      // The admin token line is the last of HQ's start-up lines.
      return /^\s*admin token/.test(line) ? true : undefined;
    });
  let hq = launchHq(hqEnv);
  let kiosk;
  const stop = async () => {
    if (kiosk) await kiosk.stop(); // first, so its last push is not cut off by HQ going away
    await hq.stop();
  };
  try {
    await hq.started;
    const hqUrl = hqOut.map((l) => /HQ listening on (\S+)/.exec(l)?.[1]).find(Boolean);
    const hqPublicKey = hqOut.map((l) => /public key: (\S+)/.exec(l)?.[1]).find(Boolean);
    if (!hqUrl || !hqPublicKey) throw new Error(`unexpected HQ start-up output:\n  ${hqOut.join('\n  ')}`);
    const adminToken = readFileSync(join(hqDir, 'admin-token'), 'utf8').trim();
    // Another HQ (its data folder was deleted): nothing the demo recorded about the old one holds.
    if (state.hqPublicKey !== hqPublicKey) state = { hqPublicKey, published: {} };

    for (const { dataset, body, scope } of demoDatasets()) {
      const hash = sha256(body);
      if (state.published[dataset] === hash) continue;
      const published = await admin(hqUrl, adminToken, 'POST', '/v1/admin/publications', { dataset, body, ...(scope ? { scope } : {}) });
      log(`[demo] published ${dataset} version ${published.version}`);
      state.published[dataset] = hash;
      saveState();
    }

    // Sync every 10 s (a store kiosk's default is a minute) so a person sees changes arrive.
    const kioskEnv = { ...baseEnv(), KIOSK_HQ_URL: hqUrl, KIOSK_HQ_PUBLIC_KEY: hqPublicKey, KIOSK_LOG_LEVEL: 'warn', KIOSK_DATA_DIR: kioskDir, KIOSK_SYNC_EVERY_MS: '10000', ...options.kioskEnv };
    const { kiosks } = await admin(hqUrl, adminToken, 'GET', '/v1/admin/kiosks');
    const known = kiosks.find((k) => k.id === state.kioskId && k.revokedAt === null);
    if (!known || !existsSync(join(kioskDir, 'kiosk.db'))) {
      const { code } = await admin(hqUrl, adminToken, 'POST', '/v1/admin/enrolment-codes', { storeId: DEMO_STORE });
      // Its start-up warning ("not enrolled with HQ yet") is what this step is about to fix: not shown.
      state.kioskId = await enrolKiosk({ ...kioskEnv, KIOSK_LOG_LEVEL: 'error' }, hqUrl, code, kioskDir, log);
      saveState();
      log(`[demo] kiosk ${state.kioskId} enrolled in store ${DEMO_STORE}`);
    } else {
      log(`[demo] reusing kiosk ${state.kioskId} (store ${known.storeId})`);
    }

    kiosk = startChild('kiosk', ['dist/host/host.mjs'], { ...kioskEnv, KIOSK_PORT: String(kioskPort), KIOSK_HOST: '127.0.0.1' }, log, (line) => /web host ready at (\S+)/.exec(line)?.[1]);
    const kioskUrl = await kiosk.started;

    const priceChange = priceChangeRequest();
    const priceChangeFile = join(dataDir, 'price-change.json');
    writeFileSync(priceChangeFile, priceChange.request);
    return {
      dataDir,
      hqUrl,
      kioskUrl,
      adminToken,
      hqPublicKey,
      kioskId: state.kioskId,
      priceChangeFile,
      priceChange: priceChange.product,
      exited: Promise.race([hq.exited.then((r) => ({ who: 'hq', ...r })), kiosk.exited.then((r) => ({ who: 'kiosk', ...r }))]),
      stop,
      // HQ going away and coming back on the same address and data (the kiosk keeps its URL).
      stopHq: async () => {
        await hq.stop();
      },
      startHq: async () => {
        hq = launchHq({ ...hqEnv, HQ_PORT: new URL(hqUrl).port });
        await hq.started;
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

const yuan = (fen) => `¥${(fen / 100).toLocaleString('en-US')}`;

/** What a person reads once both serve: where to click and what to paste. */
/** `path` relative to the working directory when it is under it (shorter to paste), else absolute. */
const shown = (path) => {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
};

function instructions(demo) {
  const file = shown(demo.priceChangeFile);
  const auth = `-H "authorization: Bearer ${demo.adminToken}"`;
  const hq = demo.hqUrl.replace(/\/$/, '');
  return `
Demo running: HQ and kiosk ${demo.kioskId} (store ${DEMO_STORE}), data in ${shown(demo.dataDir)}

  Kiosk:  ${demo.kioskUrl}        open it in Chromium (chromium --kiosk ${demo.kioskUrl})
  HQ:     ${hq}/         admin token: ${demo.adminToken}

Watch sync happen (paste in another terminal):

  1. Up: tap the kiosk's attract screen (and browse a bit); within ~2 s its events are at HQ:
       curl -sS ${auth} ${hq}/v1/admin/kiosks
     ("lastPushAt" and "nextSeq" move; this window prints each push too)

  2. Down: publish a price change (the ${demo.priceChange.name}, ${demo.priceChange.model}: ${yuan(demo.priceChange.before)} → ${yuan(demo.priceChange.after)}):
       curl -sS ${auth} -H 'content-type: application/json' --data-binary @${file} ${hq}/v1/admin/publications
     The kiosk pulls within ~10 s; search "${demo.priceChange.model}" to see the new price.
     (\`npm run hq -- publish …\` needs HQ stopped: PGlite is one process's database. While the demo
      runs, the HTTP API above does the same; body = {"dataset": …, "body": "<the file's text>"}.)

  3. Members without a face: on the kiosk's home, "手机号登录会员" / "用人脸加入会员" → "不用人脸，用手机号加入";
     the texted code is printed in this window (the demo's stand-in for the phone).

Ctrl-C stops both; \`npm run demo\` again resumes with the same HQ data and kiosk. rm -rf ${shown(demo.dataDir)} to start over.
`;
}

/** Prints each push HQ records from the demo kiosk (its next seq moving), so sync is visible here. */
function watchPushes(demo, log) {
  let seen;
  const timer = setInterval(async () => {
    try {
      const { kiosks } = await admin(demo.hqUrl, demo.adminToken, 'GET', '/v1/admin/kiosks');
      const k = kiosks.find((x) => x.id === demo.kioskId);
      if (!k) return;
      if (seen !== undefined && k.nextSeq !== seen) {
        log(`[demo] HQ received items ${seen}–${k.nextSeq - 1} from kiosk ${demo.kioskId} at ${new Date(k.lastPushAt).toLocaleTimeString()}`);
      }
      seen = k.nextSeq;
    } catch {
      // HQ stopping: nothing to show.
    }
  }, 1_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Stops whatever children are running (a Ctrl-C before the demo was up): SIGINT, SIGKILL after 15 s. */
async function stopChildren() {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise((resolveExit) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolveExit();
          child.once('exit', () => resolveExit());
          child.kill('SIGINT');
          setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
}

/**
 * The demo's stand-in for members' phones: an SMS gateway on loopback (the protocol HQ_SMS_URL
 * speaks) that prints each text in this window, so a member can join or sign in by mobile. A real
 * HQ points HQ_SMS_URL at a provider's relay instead.
 */
export async function startDemoPhones(print) {
  const server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      try {
        const { to, text } = JSON.parse(body);
        print(`[demo] text to ${String(to).replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2')}: ${text}`);
        response.writeHead(202).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  return { url: `http://127.0.0.1:${server.address().port}/sms`, close: () => new Promise((resolveClose) => server.close(() => resolveClose())) };
}

async function main() {
  let demo;
  let unwatch = () => undefined;
  let stopping = false;
  const stop = async (why, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    unwatch();
    console.log(`\ndemo: ${why}; stopping the kiosk, then HQ…`);
    if (demo) await demo.stop();
    else await stopChildren();
    console.log('demo: stopped');
    process.exit(exitCode);
  };
  // From the start: the children run in their own process group, so a Ctrl-C during start-up
  // must stop them too (a process killed by a signal runs no 'exit' handlers).
  process.on('SIGINT', () => void stop('Ctrl-C', demo ? 0 : 130));
  process.on('SIGTERM', () => void stop('SIGTERM', demo ? 0 : 143));

  const { build } = await import('./build.mjs');
  const started = Date.now();
  if (await build()) console.log(`demo: built in ${Date.now() - started} ms`);
  const port = (name, fallback) => {
    const value = process.env[name];
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, not ${value}`);
    return n;
  };
  console.log('demo: starting HQ and a kiosk (the first start takes a while: PGlite creates its database)…');
  const phones = await startDemoPhones(console.log);
  const ready = await startDemo({
    smsUrl: phones.url,
    dataDir: process.env.DEMO_DATA_DIR ?? join(ROOT, '.demo-data'),
    hqPort: port('DEMO_HQ_PORT', 4790),
    kioskPort: port('DEMO_KIOSK_PORT', 4780),
  }).catch((error) => {
    if (stopping) return new Promise(() => undefined); // Ctrl-C during start-up: stop() exits
    throw error;
  });
  if (stopping) {
    await ready.stop(); // Ctrl-C came as it finished starting
    return;
  }
  demo = ready;
  console.log(instructions(demo));
  unwatch = watchPushes(demo, console.log);
  void demo.exited.then(({ who, code, signal }) => {
    if (!stopping) void stop(`the ${who} stopped by itself (${signal ?? `code ${code}`})`, 1);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(`demo: ${error.message}`);
    process.exit(1);
  });
}
