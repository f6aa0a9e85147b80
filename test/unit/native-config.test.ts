import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { AppInfo } from 'app-builder-lib/out/appInfo.js';
import { getConfig } from 'app-builder-lib/out/util/config/config.js';
import { expandMacro } from 'app-builder-lib/out/util/macroExpander.js';
import { Arch, getArtifactArchName } from 'builder-util';
import type { Configuration } from 'electron-builder';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import { AppImageUpdater } from 'electron-updater/out/AppImageUpdater.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../helpers/temp.ts';

/**
 * native-config (issue 12 item 6), checked with the tools this machine has: shellcheck on every
 * shell script, systemd-analyze on the unit, xmllint against the Shell Launcher schema subset,
 * kiosk-session with stand-ins for what it starts, electron-updater's own AppImage installer on the
 * kiosk's AppImage, and provision.sh run into a temporary root. A missing tool fails the test (CI
 * installs them in .ci/run). kiosk-doctor's behaviour is tested in kiosk-doctor.test.ts.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const LINUX = join(ROOT, 'native-config', 'linux');
const WINDOWS = join(ROOT, 'native-config', 'windows');
const UNIT = join(LINUX, 'appliance-kiosk.service');
/** Where the kiosk runs its app from: an AppImage in the data folder, which it replaces by itself with each release. */
const APPIMAGE = '/var/lib/appliance-kiosk/app/Appliance-Kiosk.AppImage';
/** What an AppImage starts with: an ELF executable (the AppImage runtime). Enough for provision.sh's check. */
const fakeAppImage = (marker: string) => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.from(`AI\x02 ${marker}\n`)]);
const tempDir = tempDirs();

function tool(name: string, debianPackage: string): string {
  const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`${name} is not installed: run .ci/run, or apt-get install -y ${debianPackage}`);
  return found.stdout.trim();
}

const run = (command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> =>
  spawnSync(command, args, { encoding: 'utf8', ...options });
const said = (result: SpawnSyncReturns<string>) => `${result.stdout}${result.stderr}`.trim();

const isRoot = process.getuid?.() === 0;

let config: Configuration;
let packageName: string;
beforeAll(async () => {
  config = await getConfig(ROOT, null, null);
  packageName = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string }).name;
});

/** Where electron-builder's .deb puts the app: /opt/<productName>/<executable> (LinuxTargetHelper). */
const debAppPath = () => `/opt/${config.productName}/${config.linux?.executableName ?? config.executableName ?? packageName}`;

describe('shell scripts', () => {
  const scripts = readdirSync(LINUX)
    .map((name) => join(LINUX, name))
    .filter((path) => readFileSync(path, 'utf8').startsWith('#!/usr/bin/env bash'));

  it('are the three scripts store IT runs, each executable', () => {
    expect(scripts.map((path) => path.slice(LINUX.length + 1)).sort()).toEqual(['kiosk-doctor', 'kiosk-session', 'provision.sh']);
    for (const script of scripts) expect(statSync(script).mode & 0o111, script).toBe(0o111);
  });

  it('pass shellcheck at every severity', () => {
    const shellcheck = tool('shellcheck', 'shellcheck');
    const result = run(shellcheck, ['--severity=style', '--external-sources', ...scripts]);
    expect(said(result), 'shellcheck').toBe('');
    expect(result.status).toBe(0);
  });
});

describe('appliance-kiosk.service', () => {
  /**
   * systemd-analyze verify also checks that each Exec*= binary exists, and cage, dbus-run-session
   * and kiosk-session are not installed on CI. So the unit is verified in a throwaway root made of
   * this machine's own systemd units, the unit under test, and stand-ins for those binaries.
   * systemd-analyze exits 0 on most warnings (an unknown key, a bad value), so any output fails too.
   */
  function verifyRoot(unitText: string, { stubs = true } = {}): string {
    const systemUnits = '/usr/lib/systemd/system';
    if (!existsSync(join(systemUnits, 'sysinit.target'))) throw new Error(`${systemUnits} is empty: run .ci/run, or apt-get install -y systemd`);
    const root = tempDir();
    cpSync(systemUnits, join(root, systemUnits), { recursive: true, verbatimSymlinks: true });
    mkdirSync(join(root, 'etc/systemd/system'), { recursive: true });
    writeFileSync(join(root, 'etc/systemd/system/appliance-kiosk.service'), unitText);
    if (stubs) {
      for (const [, binary] of unitText.matchAll(/^Exec\w*=[-@:+!]*(\S+)/gm)) {
        mkdirSync(join(root, binary!, '..'), { recursive: true });
        writeFileSync(join(root, binary!), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      }
    }
    return root;
  }
  const verify = (root: string) =>
    run(tool('systemd-analyze', 'systemd'), ['verify', `--root=${root}`, join(root, 'etc/systemd/system/appliance-kiosk.service')]);

  it('passes systemd-analyze verify without a word', () => {
    const result = verify(verifyRoot(readFileSync(UNIT, 'utf8')));
    expect(said(result)).toBe('');
    expect(result.status).toBe(0);
  });

  it('is a check that catches mistakes: a misspelt key, a bad value, a missing binary', () => {
    const unit = readFileSync(UNIT, 'utf8');
    expect(said(verify(verifyRoot(unit.replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes'))))).toMatch(/Unknown key/);
    expect(said(verify(verifyRoot(unit.replace('Restart=always', 'Restart=allways'))))).toMatch(/restart/i);
    const missingBinary = verify(verifyRoot(unit, { stubs: false }));
    expect(said(missingBinary)).toMatch(/dbus-run-session is not executable/);
    expect(missingBinary.status).not.toBe(0);
  });

  it("keeps systemd's own exposure score of the hardening under 7 (of 10)", () => {
    const root = verifyRoot(readFileSync(UNIT, 'utf8'));
    const result = run(tool('systemd-analyze', 'systemd'), [
      'security',
      '--offline=yes',
      `--root=${root}`,
      '--threshold=70',
      join(root, 'etc/systemd/system/appliance-kiosk.service'),
    ]);
    expect(result.status, said(result).split('\n').slice(-1)[0]).toBe(0);
  });

  /** The unit's settings as systemd would see them (last one wins; lists are joined). */
  const settings = () => {
    const map = new Map<string, string>();
    for (const [, key, value] of readFileSync(UNIT, 'utf8').matchAll(/^(\w+)=(.*)$/gm)) map.set(key!, map.has(key!) ? `${map.get(key!)} ${value}` : value!);
    return map;
  };

  it('is the supervisor that never gives up: restarts always, a few seconds apart, with no start limit', () => {
    const unit = settings();
    expect(unit.get('Restart')).toBe('always');
    expect(unit.get('StartLimitIntervalSec')).toBe('0');
    expect(Number(unit.get('RestartSec'))).toBeGreaterThan(0);
    expect(Number(unit.get('RestartSec'))).toBeLessThanOrEqual(10);
  });

  it('runs as the kiosk user in its own logind session on tty1, in place of the getty there', () => {
    const unit = settings();
    expect(unit.get('User')).toBe('kiosk');
    expect(unit.get('PAMName')).toBe('appliance-kiosk');
    expect(unit.get('TTYPath')).toBe('/dev/tty1');
    expect(unit.get('Conflicts')).toContain('getty@tty1.service');
    expect(unit.get('ExecStart')).toBe('/usr/bin/dbus-run-session -- /usr/local/lib/appliance-kiosk/kiosk-session');
    expect(unit.get('WantedBy')).toBe('graphical.target');
    expect(readFileSync(join(LINUX, 'appliance-kiosk.pam'), 'utf8')).toMatch(/^session\s+required\s+pam_systemd\.so$/m);
  });

  it('is hardened without the settings that would stop Electron, its sandbox, the camera or the GPU', () => {
    const unit = settings();
    expect(unit.get('NoNewPrivileges')).toBe('yes');
    expect(unit.get('ProtectSystem')).toBe('strict');
    expect(unit.get('PrivateTmp')).toBe('yes');
    expect(unit.get('StateDirectory')).toBe('appliance-kiosk');
    expect(unit.get('Environment')).toContain('KIOSK_DATA_DIR=/var/lib/appliance-kiosk');
    for (const breaksTheKiosk of ['MemoryDenyWriteExecute', 'PrivateDevices', 'DevicePolicy', 'DeviceAllow', 'ProtectClock', 'ProtectHome', 'RestrictNamespaces', 'PrivateUsers', 'SystemCallFilter']) {
      expect(unit.has(breaksTheKiosk), breaksTheKiosk).toBe(false);
    }
  });

  it('runs the AppImage from the data folder, which it leaves writable, under a name electron-updater keeps', () => {
    const unit = settings();
    const writable = [
      ...(unit.get('ReadWritePaths') ?? '').split(' ').map((path) => path.replace(/^-/, '')),
      ...(unit.get('StateDirectory') ?? '').split(' ').map((name) => `/var/lib/${name}`),
    ].filter((path) => path !== '' && path !== '/var/lib/');
    const folder = dirname(APPIMAGE);
    expect(writable.some((path) => folder === path || folder.startsWith(`${path}/`)), writable.join(' ')).toBe(true);
    expect(folder.startsWith(`${/KIOSK_DATA_DIR=(\S+)/.exec(unit.get('Environment') ?? '')?.[1]}/`)).toBe(true);
    // electron-updater keeps a name without a version and renames one with it (see the test below).
    expect(basename(APPIMAGE)).toMatch(/^[^\d]*\.AppImage$/);
    expect(readFileSync(join(LINUX, 'kiosk-session'), 'utf8')).toContain(`readonly APP=${APPIMAGE}\n`);
    expect(readFileSync(join(LINUX, 'kiosk-doctor'), 'utf8')).toContain(`APP=\${KIOSK_DOCTOR_APP:-${APPIMAGE}}\n`);
    expect(run('bash', [join(LINUX, 'provision.sh'), '--help']).stdout).toContain(`installed as\n                   ${APPIMAGE} when`);
  });

  it("knows where the .deb puts its copy, to warn about it", () => {
    expect(readFileSync(join(LINUX, 'kiosk-doctor'), 'utf8')).toContain(`readonly DEB_APP='${debAppPath()}'\n`);
    expect(readFileSync(join(LINUX, 'provision.sh'), 'utf8')).toContain(`readonly DEB_APP='${debAppPath()}'\n`);
  });
});

describe('kiosk-session', () => {
  /** kiosk-session with stand-ins for gnome-keyring, dbus-send and cage; cage writes down what it was given. */
  function session(locked: boolean) {
    const dir = tempDir();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const stub = (name: string, body: string) => writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    stub('gnome-keyring-daemon', 'cat >/dev/null');
    stub('dbus-send', `echo '   variant       boolean ${locked}'`);
    stub('cage', `printf '%s\\n' "$@" >"${dir}/args"; env >"${dir}/env"`);
    mkdirSync(join(dir, 'credentials'));
    writeFileSync(join(dir, 'credentials/keyring-password'), 'secret');
    const result = run('bash', [join(LINUX, 'kiosk-session')], { env: { PATH: `${bin}:${process.env.PATH}`, CREDENTIALS_DIRECTORY: join(dir, 'credentials') } });
    const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8').trimEnd().split('\n') : undefined);
    return { result, args: read('args'), env: read('env') };
  }

  it('hands cage the AppImage, unpacking itself instead of mounting with FUSE, with the app told where its AppImage is', () => {
    const { result, args, env } = session(false);
    expect(result.status, said(result)).toBe(0);
    // The runtime flag first (older AppImage runtimes only look there, and take it out), then the app's own.
    expect(args).toEqual(['-d', '--', APPIMAGE, '--appimage-extract-and-run', '--ozone-platform=wayland', '--password-store=gnome-libsecret']);
    expect(env).toEqual(expect.arrayContaining(['APPIMAGE_EXTRACT_AND_RUN=1', `APPIMAGE=${APPIMAGE}`, 'TMPDIR=/var/tmp']));
  });

  it('stops before cage when the keyring stays locked', () => {
    const { result, args } = session(true);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/did not unlock/);
    expect(args).toBeUndefined();
  });
});

describe("electron-updater's AppImage installer (what the kiosk runs to update itself)", () => {
  /** Installs a downloaded release over process.env.APPIMAGE the way quitAndInstall(true, true) does, and lists the app folder. */
  function install(installedName: string) {
    const dir = tempDir();
    mkdirSync(join(dir, 'app'));
    mkdirSync(join(dir, 'cache'));
    const installed = join(dir, 'app', installedName);
    const downloaded = join(dir, 'cache', 'appliance-kiosk_1.1.0_x86_64.AppImage');
    writeFileSync(installed, '#!/bin/sh\n# 1.0.0\n', { mode: 0o755 });
    writeFileSync(downloaded, '#!/bin/sh\n# 1.1.0\n', { mode: 0o755 });
    const app: AppAdapter = {
      version: '1.0.0', name: 'appliance-kiosk', isPackaged: true, appUpdateConfigPath: join(dir, 'app-update.yml'), userDataPath: dir, baseCachePath: dir,
      whenReady: () => Promise.resolve(), relaunch: () => undefined, quit: () => undefined, onQuit: () => undefined,
    };
    const updater = new AppImageUpdater(null, app);
    updater.logger = null;
    (updater as unknown as { downloadedUpdateHelper: unknown }).downloadedUpdateHelper = { file: downloaded, downloadedFileInfo: { fileName: basename(downloaded) } };
    const before = process.env.APPIMAGE;
    process.env.APPIMAGE = installed;
    try {
      expect(updater.install(true, true)).toBe(true);
    } finally {
      if (before === undefined) delete process.env.APPIMAGE;
      else process.env.APPIMAGE = before;
    }
    return Object.fromEntries(readdirSync(join(dir, 'app')).map((name) => [name, readFileSync(join(dir, 'app', name), 'utf8')]));
  }

  it("puts the release in place of the kiosk's AppImage, under the same name", () => {
    expect(install(basename(APPIMAGE))).toEqual({ [basename(APPIMAGE)]: '#!/bin/sh\n# 1.1.0\n' });
  });

  it('would rename an AppImage with a version in its name, which the unit would then no longer find', () => {
    expect(install('appliance-kiosk_1.0.0_x86_64.AppImage')).toEqual({ 'appliance-kiosk_1.1.0_x86_64.AppImage': '#!/bin/sh\n# 1.1.0\n' });
  });
});

describe('70-appliance-kiosk.rules', () => {
  // udevadm verify arrived in systemd 253; Debian 12 has 252, so the rule syntax is parsed here:
  // comma-separated KEY[{name}] OP "value", match operators for match keys, assignments for the rest.
  const MATCH = new Set(['ACTION', 'SUBSYSTEM', 'SUBSYSTEMS', 'KERNEL', 'KERNELS', 'DRIVER', 'DRIVERS', 'ENV', 'ATTR', 'ATTRS', 'TAG', 'TAGS']);
  const ASSIGN = new Set(['GROUP', 'MODE', 'OWNER', 'TAG', 'ENV', 'ATTR', 'RUN', 'SYMLINK']);
  const rules = () =>
    readFileSync(join(LINUX, '70-appliance-kiosk.rules'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  const parse = (rule: string) =>
    rule.split(/,\s*/).map((part) => {
      const token = /^([A-Z]+)(?:\{([^}]+)\})?(==|!=|\+=|-=|:=|=)"([^"]*)"$/.exec(part.trim());
      if (!token) throw new Error(`not a udev rule token: ${part}`);
      const [, key, , op, value] = token;
      const matching = op === '==' || op === '!=';
      if (!(matching ? MATCH : ASSIGN).has(key!)) throw new Error(`${key} cannot be used with ${op} in: ${rule}`);
      return { key: key!, op: op!, value: value! };
    });

  it('parses, and gives the video and input groups the camera and the touchscreen', () => {
    const parsed = rules().map(parse);
    expect(parsed).toHaveLength(2);
    const [camera, touch] = parsed;
    expect(camera).toEqual(expect.arrayContaining([{ key: 'SUBSYSTEM', op: '==', value: 'video4linux' }, { key: 'GROUP', op: '=', value: 'video' }, { key: 'MODE', op: '=', value: '0660' }]));
    expect(touch).toEqual(expect.arrayContaining([{ key: 'ENV', op: '==', value: '1' }, { key: 'GROUP', op: '=', value: 'input' }]));
    expect(rules()[1]).toContain('ENV{ID_INPUT_TOUCHSCREEN}=="1"');
  });

  it('is a parser that refuses what udev would not understand', () => {
    expect(() => parse('SUBSYSTEM=="video4linux", GROUP=="video"')).toThrow(/GROUP cannot be used with ==/);
    expect(() => parse('SUBSYSTEM="video4linux" MODE="0660"')).toThrow(/not a udev rule token/);
  });
});

describe('Windows: ShellLauncher.xml', () => {
  const xmllint = () => tool('xmllint', 'libxml2-utils');
  const validate = (xml: string) => {
    const dir = tempDir();
    for (const schema of ['ShellLauncher.xsd', 'ShellLauncherV2.xsd']) cpSync(join(WINDOWS, schema), join(dir, schema));
    writeFileSync(join(dir, 'config.xml'), xml);
    return run(xmllint(), ['--noout', '--nonet', '--schema', join(dir, 'ShellLauncher.xsd'), join(dir, 'config.xml')]);
  };
  const xml = () => readFileSync(join(WINDOWS, 'ShellLauncher.xml'), 'utf8');

  it('is valid against the schema of the Shell Launcher elements it uses', () => {
    const result = validate(xml());
    expect(result.status, said(result)).toBe(0);
  });

  it('is checked by a schema that refuses a dangling profile, an unknown action and V2 attributes out of their namespace', () => {
    const profileId = /<Profile Id="(\{[^}]+\})" Name=/.exec(xml())![1]!;
    const dangling = validate(xml().replace(`<Profile Id="${profileId}"/>`, '<Profile Id="{00000000-0000-0000-0000-000000000000}"/>'));
    expect(dangling.status).not.toBe(0);
    expect(said(dangling)).toMatch(/keyref/);
    expect(validate(xml().replace('Action="RestartShell"', 'Action="Restart"')).status).not.toBe(0);
    expect(validate(xml().replace('ShellLauncher/2019/Configuration', 'ShellLauncher/2020/Configuration')).status).not.toBe(0);
  });

  it('makes the app electron-builder installs per machine the shell of an auto-logon account, restarted when it exits', () => {
    expect(xml()).toContain(`Shell="&quot;%ProgramFiles%\\${config.productName}\\${config.productName}.exe&quot;"`);
    expect(config.nsis?.perMachine).toBe(true);
    expect(xml()).toMatch(/<AutoLogonAccount\/>/);
    expect(xml()).toMatch(/V2:AllAppsFullScreen="true"/);
    expect(xml()).toMatch(/<DefaultAction Action="RestartShell"\/>/);
  });
});

describe('Windows: provision.ps1', () => {
  // No PowerShell on this machine: these only tie the script to the files it applies. What was and
  // was not checked is in native-config/README.md.
  const script = () => readFileSync(join(WINDOWS, 'provision.ps1'), 'utf8');

  it('applies ShellLauncher.xml and checks for the app at the path the XML names', () => {
    expect(script()).toContain("Join-Path $PSScriptRoot 'ShellLauncher.xml'");
    expect(script()).toContain(`Join-Path $env:ProgramFiles '${config.productName}\\${config.productName}.exe'`);
  });

  it('blocks the keys that leave or lock the app, and turns sleep and the screen timeout off', () => {
    for (const key of ['Windows', 'Ctrl+Alt+Del', 'Shift+Ctrl+Esc', 'Alt+Tab', 'Alt+F4', 'Win+L', 'Win+Tab']) expect(script()).toContain(`'${key}'`);
    for (const setting of ["'monitor-timeout', 'standby-timeout', 'hibernate-timeout'", '/hibernate off', "'AllowEdgeSwipe' 0", "'DisableNotificationCenter' 1"]) expect(script()).toContain(setting);
  });
});

describe('provision.sh', () => {
  /**
   * The Linux kit as a build ships it (native-config/README.md and linux/), a release's AppImage and a
   * minimal root, all readable by an unprivileged user too.
   */
  function stage(): { kit: string; target: string; appimage: string; dir: string } {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const kit = join(dir, 'native-config', 'linux');
    cpSync(LINUX, kit, { recursive: true });
    cpSync(join(ROOT, 'native-config', 'README.md'), join(dir, 'native-config', 'README.md'));
    const appimage = join(dir, 'appliance-kiosk_1.0.0_x86_64.AppImage');
    writeFileSync(appimage, fakeAppImage('1.0.0'), { mode: 0o755 });
    const target = join(dir, 'target');
    mkdirSync(join(target, 'etc'), { recursive: true });
    writeFileSync(join(target, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
    writeFileSync(join(target, 'etc/group'), 'root:x:0:\nvideo:x:44:\ninput:x:105:\nrender:x:106:\n');
    writeFileSync(join(target, 'etc/shadow'), 'root:*:19000:0:99999:7:::\n', { mode: 0o640 });
    writeFileSync(join(target, 'etc/gshadow'), 'root:*::\nvideo:!::\ninput:!::\nrender:!::\n', { mode: 0o640 });
    return { kit, target, appimage, dir };
  }
  const unprivileged = (args: string[]) =>
    isRoot ? run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'bash', ...args]) : run('bash', args);
  const listing = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

  it('refuses to run without root, and changes nothing', () => {
    const { kit, target } = stage();
    const before = listing(target);
    const result = unprivileged([join(kit, 'provision.sh'), '--root', target]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/must run as root/);
    expect(listing(target)).toEqual(before);
  });

  it('--dry-run says what it would do and changes nothing, without root', () => {
    const { kit, target, appimage } = stage();
    const before = listing(target);
    const result = unprivileged([join(kit, 'provision.sh'), '--dry-run', '--root', target, '--appimage', appimage]);
    expect(result.status, said(result)).toBe(0);
    expect(result.stdout).toMatch(/would run: useradd --prefix \S+ --system/);
    expect(result.stdout).toContain('would create /etc/appliance-kiosk/keyring.secret');
    expect(result.stdout).toContain(`would install ${APPIMAGE} from ${appimage} (owned by kiosk, mode 0755)`);
    expect(result.stdout).toMatch(/dry run: nothing was changed/);
    expect(listing(target)).toEqual(before);
  });

  it('--root provisions a tree, and a second run changes nothing it owns', () => {
    if (!isRoot) throw new Error('provision.sh --root creates the kiosk user with useradd, which needs root: run the tests as root (CI does)');
    tool('systemctl', 'systemd');
    tool('useradd', 'passwd');
    const { kit, target, appimage } = stage();
    const first = run('bash', [join(kit, 'provision.sh'), '--root', target, '--appimage', appimage]);
    expect(first.status, said(first)).toBe(0);
    expect(first.stdout).toContain(`installed ${APPIMAGE} from ${appimage}`);

    const passwd = readFileSync(join(target, 'etc/passwd'), 'utf8');
    expect(passwd).toMatch(/^kiosk:x:(\d+):\d+:Appliance kiosk:\/home\/kiosk:\/usr\/sbin\/nologin$/m);
    const uid = Number(/^kiosk:x:(\d+):/m.exec(passwd)![1]);
    for (const group of ['video', 'input', 'render']) expect(readFileSync(join(target, 'etc/group'), 'utf8')).toMatch(new RegExp(`^${group}:x:\\d+:kiosk$`, 'm'));
    const home = statSync(join(target, 'home/kiosk'));
    expect([home.uid, home.mode & 0o777]).toEqual([uid, 0o700]);

    const installed: [string, string, number][] = [
      ['appliance-kiosk.service', 'etc/systemd/system/appliance-kiosk.service', 0o644],
      ['appliance-kiosk.pam', 'etc/pam.d/appliance-kiosk', 0o644],
      ['70-appliance-kiosk.rules', 'etc/udev/rules.d/70-appliance-kiosk.rules', 0o644],
      ['logind-appliance-kiosk.conf', 'etc/systemd/logind.conf.d/appliance-kiosk.conf', 0o644],
      ['sysctl-appliance-kiosk.conf', 'etc/sysctl.d/60-appliance-kiosk.conf', 0o644],
      ['grub-appliance-kiosk.cfg', 'etc/default/grub.d/appliance-kiosk.cfg', 0o644],
      ['kiosk-session', 'usr/local/lib/appliance-kiosk/kiosk-session', 0o755],
      ['kiosk-doctor', 'usr/local/sbin/kiosk-doctor', 0o755],
      ['../README.md', 'usr/local/share/doc/appliance-kiosk/README.md', 0o644],
      ['kiosk.env.example', 'etc/appliance-kiosk/kiosk.env', 0o644],
    ];
    for (const [source, path, mode] of installed) {
      expect(readFileSync(join(target, path), 'utf8'), path).toBe(readFileSync(join(LINUX, source), 'utf8'));
      expect(statSync(join(target, path)).mode & 0o777, path).toBe(mode);
    }
    expect(readlinkSync(join(target, 'etc/systemd/system/graphical.target.wants/appliance-kiosk.service'))).toBe('/etc/systemd/system/appliance-kiosk.service');
    for (const sleep of ['sleep', 'suspend', 'hibernate', 'hybrid-sleep']) expect(readlinkSync(join(target, `etc/systemd/system/${sleep}.target`))).toBe('/dev/null');
    const secretPath = join(target, 'etc/appliance-kiosk/keyring.secret');
    const secret = readFileSync(secretPath, 'utf8');
    expect(secret).toMatch(/^[A-Za-z0-9+/]{64}$/);
    expect(statSync(secretPath).mode & 0o777).toBe(0o600);
    // The app: the kiosk user's, in a folder of its own inside the data folder, both only its.
    expect(readFileSync(join(target, APPIMAGE))).toEqual(readFileSync(appimage));
    for (const [path, mode] of [[APPIMAGE, 0o755], [dirname(APPIMAGE), 0o700], ['/var/lib/appliance-kiosk', 0o700]] as const) {
      const { uid: owner, mode: bits } = lstatSync(join(target, path));
      expect([owner, bits & 0o7777], path).toEqual([uid, mode]);
    }
    expect(readdirSync(join(target, 'var/lib')), 'no staging folder left behind').toEqual(['appliance-kiosk']);

    // The store's own settings and the keyring secret survive a second run untouched.
    writeFileSync(join(target, 'etc/appliance-kiosk/kiosk.env'), 'KIOSK_HQ_URL=https://hq.example.cn\n');
    const second = run('bash', [join(kit, 'provision.sh'), '--root', target, '--appimage', appimage]);
    expect(second.status, said(second)).toBe(0);
    expect(second.stdout).toContain('user kiosk exists');
    for (const [, path] of installed.slice(0, -1)) expect(second.stdout).toContain(`unchanged /${path}`);
    expect(second.stdout).toContain(`unchanged ${APPIMAGE}`);
    expect(readFileSync(secretPath, 'utf8')).toBe(secret);
    expect(readFileSync(join(target, 'etc/appliance-kiosk/kiosk.env'), 'utf8')).toBe('KIOSK_HQ_URL=https://hq.example.cn\n');
    expect(readFileSync(join(target, 'etc/passwd'), 'utf8').match(/^kiosk:/gm)).toHaveLength(1);
    expect(lstatSync(join(target, 'etc/systemd/system/graphical.target.wants/appliance-kiosk.service')).isSymbolicLink()).toBe(true);
  });

  it("keeps the kiosk's own AppImage unless told to replace it, and then renames a copy into place", () => {
    if (!isRoot) throw new Error('provision.sh --root creates the kiosk user with useradd, which needs root: run the tests as root (CI does)');
    const { kit, target, appimage, dir } = stage();
    const provision = (...args: string[]) => {
      const result = run('bash', [join(kit, 'provision.sh'), '--root', target, ...args]);
      expect(result.status, said(result)).toBe(0);
      return result.stdout;
    };
    provision('--appimage', appimage);
    const installed = join(target, APPIMAGE);
    const uid = lstatSync(installed).uid;

    // The kiosk updates itself: electron-updater moves the new release into place, as the kiosk user.
    writeFileSync(`${installed}.new`, fakeAppImage('1.1.0'), { mode: 0o755 });
    spawnSync('chown', [String(uid), `${installed}.new`]);
    spawnSync('mv', ['-f', `${installed}.new`, installed]);
    expect(provision()).toContain(`kept ${APPIMAGE} (the kiosk updates it itself)`);
    // Provisioning again with the AppImage store IT started with does not take the kiosk back.
    expect(provision('--appimage', appimage)).toContain(`WARNING: kept ${APPIMAGE}: it is not ${appimage}, and may be a newer release`);
    expect(readFileSync(installed)).toEqual(fakeAppImage('1.1.0'));

    // Asked to, it replaces it; so too a link put in its place (replaced, not followed).
    expect(provision('--appimage', appimage, '--replace-app')).toContain(`installed ${APPIMAGE} from ${appimage}`);
    expect(readFileSync(installed)).toEqual(fakeAppImage('1.0.0'));
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'root only\n', { mode: 0o600 });
    unlinkSync(installed);
    symlinkSync(victim, installed);
    expect(provision('--appimage', appimage)).toContain('WARNING: kept');
    provision('--appimage', appimage, '--replace-app');
    expect(lstatSync(installed).isFile()).toBe(true);
    expect([readFileSync(victim, 'utf8'), lstatSync(victim).uid, lstatSync(victim).mode & 0o777]).toEqual(['root only\n', 0, 0o600]);

    // The same build with the wrong mode is put right without being asked.
    chmodSync(installed, 0o600);
    expect(provision()).toContain(`WARNING: ${APPIMAGE} is not a file of kiosk's with mode 0755`);
    expect(provision('--appimage', appimage)).toContain(`installed ${APPIMAGE}`);
    expect([lstatSync(installed).uid, lstatSync(installed).mode & 0o777]).toEqual([uid, 0o755]);

    // What is not an AppImage is refused before anything changes.
    const before = listing(target);
    const deb = join(dir, 'appliance-kiosk_1.0.0_amd64.deb');
    writeFileSync(deb, '!<arch>\ndebian-binary   \n');
    const refused = run('bash', [join(kit, 'provision.sh'), '--root', target, '--appimage', deb, '--replace-app']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/is not an AppImage/);
    expect(listing(target)).toEqual(before);
    expect(readFileSync(installed)).toEqual(fakeAppImage('1.0.0'));
  });

  it('refuses options it does not know, and a root that is not one', () => {
    const { kit, target } = stage();
    expect(run('bash', [join(kit, 'provision.sh'), '--dry-run', '--bogus']).status).toBe(2);
    const notARoot = run('bash', [join(kit, 'provision.sh'), '--dry-run', '--root', join(target, 'etc')]);
    expect(notARoot.status).toBe(1);
    expect(notARoot.stderr).toMatch(/not a system root/);
    const replaceAlone = run('bash', [join(kit, 'provision.sh'), '--dry-run', '--root', target, '--replace-app']);
    expect(replaceAlone.status).toBe(2);
    expect(replaceAlone.stderr).toMatch(/--replace-app .* give both/);
    const missing = run('bash', [join(kit, 'provision.sh'), '--dry-run', '--root', target, '--appimage', join(target, 'nothing.AppImage')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);
  });
});

describe('electron-builder.yml', () => {
  const kit = (platform: 'linux' | 'win') => [config[platform]?.extraResources ?? []].flat();

  it('ships the Linux kit with the Linux packages and the Windows kit with the installer', () => {
    expect(kit('linux')).toEqual([{ from: 'native-config', to: 'native-config', filter: ['README.md', 'linux/**'] }]);
    expect(kit('win')).toEqual([{ from: 'native-config', to: 'native-config', filter: ['README.md', 'windows/**'] }]);
    for (const path of ['README.md', 'linux/kiosk-doctor', 'linux/provision.sh', 'windows/provision.ps1', 'windows/ShellLauncher.xml']) {
      expect(existsSync(join(ROOT, 'native-config', path)), path).toBe(true);
    }
  });

  it('names the Linux builds as native-config/README.md does: the AppImage like the .deb, without spaces', () => {
    const readme = readFileSync(join(ROOT, 'native-config', 'README.md'), 'utf8');
    const appInfo = { name: packageName, version: '<version>' } as unknown as AppInfo;
    const name = (ext: string) => expandMacro(config.linux?.artifactName ?? '', getArtifactArchName(Arch.x64, ext), appInfo, { ext });
    expect(name('AppImage')).toBe('appliance-kiosk_<version>_x86_64.AppImage');
    expect(name('deb')).toBe('appliance-kiosk_<version>_amd64.deb');
    expect(readme).toContain(`release/${name('AppImage')}`);
    expect(readme).toContain(`./${name('deb')}`);
    expect(run('bash', [join(LINUX, 'provision.sh'), '--help']).stdout).toContain(`release/${name('AppImage')}`);
  });

  it("keeps the app's own resources beside them (platform lists are added to the top-level one)", () => {
    expect([config.extraResources ?? []].flat()).toEqual([{ from: 'resources', to: 'resources', filter: ['**/*'] }]);
  });
});
