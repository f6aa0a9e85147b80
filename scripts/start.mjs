// `npm start`: builds what is missing, then runs the kiosk on embedded defaults — in Electron
// when its binary is present, otherwise as the web host for a browser in kiosk mode.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';
import { findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
if (await build()) console.log(`kiosk: built in ${Date.now() - started} ms`);

const electron = findElectronBinary(root);
const passThrough = process.argv.slice(2);
let child;
if (electron.found) {
  console.log(`kiosk: starting the Electron shell (${electron.path})`);
  child = spawn(electron.path, ['.', ...passThrough], { cwd: root, stdio: 'inherit' });
} else {
  console.log(`kiosk: Electron is not available here: ${electron.reason}.`);
  console.log('kiosk: starting the web host instead; open the printed URL in Chromium (e.g. chromium --kiosk <url>).');
  child = spawn(process.execPath, ['dist/host/host.mjs', ...passThrough], { cwd: root, stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
