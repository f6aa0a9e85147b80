/**
 * Electron main: lifecycle, the kiosk window, lockdown and the app:// protocol. Thin by
 * design (DESIGN.md §3): it starts the same core as the web host (electron/host/cli.ts) and
 * wires it to IPC; business logic lives in electron/core, security decisions in policy.ts.
 *
 * Bundled by scripts/build.mjs to dist/main/main.cjs (CommonJS).
 */
import { app, dialog, Menu, powerSaveBlocker, protocol, session, type BrowserWindow } from 'electron';
import { join, resolve } from 'node:path';
import { loadConfig, type KioskConfig } from '../core/config.ts';
import { createKioskCore } from '../core/kiosk-core.ts';
import { kioskLogDestination } from '../core/fleet/log-file.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { resolveDataDir } from '../core/paths.ts';
import { createAppProtocolHandler } from './app-protocol.ts';
import { electronCommandsPort } from './commands-port.ts';
import { saveContractPdf } from './contract-pdf.ts';
import { forwardEvents, wireIpc } from './ipc.ts';
import { safeStorageVault } from './key-vault.ts';
import { APP_SCHEME, APP_URL, isWindowed } from './policy.ts';
import { electronUpdaterPort } from './updater.ts';
import { createKioskWindow, lockDownSession, lockDownWebContents } from './window.ts';

const windowed = isWindowed(process.argv);
// The bundle sits in <root>/dist/main; <root> is the project folder in development and
// app.asar when packaged (both hold dist/ and package.json).
const appRoot = resolve(__dirname, '..', '..');
const rendererDir = join(appRoot, 'dist', 'renderer');
const preload = join(appRoot, 'dist', 'preload', 'preload.cjs');
// electron-builder copies resources/ to <install>/resources/resources (extraResources), outside the asar.
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(appRoot, 'resources');

// Before ready: Chromium's own files (cache, local storage, the single-instance lock) live in
// the kiosk data folder too; every renderer is sandboxed; app:// is a standard secure scheme.
const dataDir = resolveDataDir(process.env);
app.setPath('userData', dataDir);
app.enableSandbox();
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | undefined;

/** A start failure: say so on screen and in the log, exit non-zero (the OS supervisor restarts us). */
async function fatal(log: Logger, code: string, message: string): Promise<never> {
  log.fatal({ code, dataDir }, message);
  await app.whenReady();
  dialog.showErrorBox('Kiosk cannot start · 自助机无法启动', `${code}\n\n${message}\n\nData folder: ${dataDir}`);
  app.exit(2);
  // app.exit does not return control in practice; keep the type honest for callers.
  return new Promise<never>(() => undefined);
}

async function start(config: KioskConfig, log: Logger): Promise<void> {
  app.on('second-instance', () => {
    const win = mainWindow;
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, log));
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  lockDownSession(session.defaultSession, log);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));

  const started = createKioskCore({
    dataDir,
    resourcesDir,
    appVersion: app.getVersion(),
    shell: 'electron',
    config,
    log,
    keyVault: safeStorageVault(),
    updater: electronUpdaterPort(dataDir, log),
    onSeedProgress: (done: number, total: number) => log.info({ done, total }, 'seeding store catalog'),
  });
  if (!started.ok) return fatal(log, started.code, started.message);
  const { core } = started;
  core.commands.attach(electronCommandsPort(() => mainWindow, log));

  const unwireIpc = wireIpc(core, log);
  const stopEvents = forwardEvents(core, () => mainWindow);
  const stopPdfs = core.events.on('contract.signed', ({ contractId }) => void saveContractPdf(core, contractId, dataDir, log));
  app.on('will-quit', () => {
    stopPdfs();
    stopEvents();
    unwireIpc();
    core.close();
  });

  // No application menu in kiosk mode: it carries accelerators (reload, close, zoom, DevTools).
  if (!windowed) Menu.setApplicationMenu(null);
  powerSaveBlocker.start('prevent-display-sleep');

  mainWindow = createKioskWindow({ windowed, preload, log, watchdog: core.watchdog });
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
  log.info({ version: app.getVersion(), windowed, dataDir, packaged: app.isPackaged }, 'kiosk started');
  await mainWindow.loadURL(APP_URL).catch((error: unknown) => log.error({ err: error }, 'loading the kiosk UI failed'));
  core.warmUp();
}

if (!app.requestSingleInstanceLock()) {
  // Another kiosk is running on this data folder: it gets focus (second-instance), we leave.
  app.quit();
} else {
  const loaded = loadConfig(dataDir, process.env, {}, { packaged: app.isPackaged });
  if (!loaded.ok) {
    void fatal(createLogger('info'), 'CONFIG_INVALID', loaded.message);
  } else {
    // To stderr and to <dataDir>/logs/kiosk.log (what a remote collect_logs reads).
    const log = createLogger(loaded.config.logLevel, kioskLogDestination(dataDir).stream);
    start(loaded.config, log).catch((error: unknown) =>
      fatal(log, 'START_FAILED', error instanceof Error ? error.message : String(error)),
    );
  }
}
