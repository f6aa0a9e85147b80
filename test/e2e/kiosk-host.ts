import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HOST_ENTRY } from './env.ts';

/** A web host of the test's own: its own port (picked by the OS) and its own data folder. */
export interface KioskHost {
  readonly url: string;
  readonly dataDir: string;
  /** The kiosk's database for checks of what was written (read-only unless asked); closed by the caller. */
  db(options?: { readonly: boolean }): Database.Database;
  /** The power goes: SIGKILL, no shutdown hook. Resolves once the process is gone. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const READY = /web host ready at (http:\/\/\S+)/;

/** Starts `dist/host/host.mjs` on a fresh data folder (unless `keepData`) and resolves once it serves. */
export async function startKioskHost(dataDir: string, env: Record<string, string> = {}, keepData = false): Promise<KioskHost> {
  if (!keepData) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, [HOST_ENTRY], {
    env: { ...process.env, KIOSK_DATA_DIR: dataDir, KIOSK_PORT: '0', KIOSK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = READY.exec(output);
      if (ready?.[1]) resolve(ready[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`kiosk host exited with ${code} before serving:\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    url,
    dataDir,
    db: ({ readonly } = { readonly: true }) => new Database(join(dataDir, 'kiosk.db'), { readonly }),
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}
