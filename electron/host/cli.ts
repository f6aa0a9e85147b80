/**
 * The web host (`npm start` without an Electron binary, and the end-to-end tests): serves the
 * built renderer and the kiosk API on 127.0.0.1 unless configured otherwise. Bundled with its
 * packages to dist/host/host-app.cjs, which dist/host/host.mjs (boot.ts) runs with a code cache.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../core/config.ts';
import { createKioskCore } from '../core/kiosk-core.ts';
import { kioskLogDestination } from '../core/fleet/log-file.ts';
import { createLogger } from '../core/logger.ts';
import { webHostCommandsPort } from './commands-port.ts';
import { resolveDataDir } from '../core/paths.ts';
import { ENROL_USAGE, parseEnrolArgs, runEnrol } from './enrol-command.ts';
import { startHost } from './server.ts';

/** Runs the web host, or `enrol`; `root` is the project folder (dist/, resources/, package.json). */
export async function main(root: string): Promise<void> {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  // `host.mjs enrol --hq … --code …` enrols the kiosk with HQ and exits; with no subcommand it serves.
  const command = process.argv[2];
  const enrolArgs = command === 'enrol' ? parseEnrolArgs(process.argv.slice(3)) : null;
  if (command !== undefined && command !== 'enrol') {
    console.error(`kiosk: unknown command "${command}"\n${ENROL_USAGE}`);
    process.exit(2);
  }
  if (enrolArgs && !enrolArgs.ok) {
    console.error(`kiosk enrol: ${enrolArgs.message}`);
    process.exit(2);
  }
  const dataDir = enrolArgs?.dataDir ?? resolveDataDir(process.env);

  const loaded = loadConfig(dataDir, process.env);
  if (!loaded.ok) {
    console.error(`kiosk: ${loaded.message}`);
    process.exit(2);
  }
  // To stderr and to <dataDir>/logs/kiosk.log (what a remote collect_logs reads).
  const log = createLogger(loaded.config.logLevel, kioskLogDestination(dataDir).stream);
  const started = createKioskCore({
    dataDir,
    resourcesDir: join(root, 'resources'),
    appVersion: version,
    shell: 'web',
    config: loaded.config,
    log,
    seedFiles: process.env.KIOSK_CATALOG_FILE ? { catalog: process.env.KIOSK_CATALOG_FILE } : {},
    onSeedProgress: (done: number, total: number) => log.info({ done, total }, 'seeding store catalog'),
  });
  if (!started.ok) {
    console.error(`kiosk: cannot start (${started.code}): ${started.message}`);
    process.exit(2);
  }
  const { core } = started;

  if (enrolArgs) {
    const result = await runEnrol(core, loaded.config, enrolArgs);
    core.close();
    (result.code === 0 ? console.log : console.error)(result.out);
    process.exit(result.code);
  }

  try {
    const host = await startHost({
      core,
      rendererDir: join(root, 'dist', 'renderer'),
      bind: loaded.config.hostBind,
      port: loaded.config.hostPort,
      allowedNames: loaded.config.hostNames,
      log,
    });
    console.log(`kiosk: web host ready at ${host.url}  (data: ${dataDir})`);
    const stop = async (code = 0) => {
      await host.close();
      core.close();
      process.exit(code);
    };
    core.commands.attach(webHostCommandsPort({ env: process.env, exit: (code) => void stop(code) }));
    core.warmUp();
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  } catch (error) {
    core.close();
    const message = (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? `port ${loaded.config.hostPort} is in use; set KIOSK_PORT to another port`
      : (error as Error).message;
    console.error(`kiosk: cannot start the web host: ${message}`);
    process.exit(2);
  }
}
