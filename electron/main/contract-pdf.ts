import { BrowserWindow, session } from 'electron';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KioskCore } from '../core/kiosk-core.ts';
import type { Logger } from '../core/logger.ts';

/** Enough layout for a legible A4 copy; the on-screen styles live in the renderer bundle. */
const PRINT_CSS = `
  body { font: 11pt "Noto Sans SC", "Noto Sans CJK SC", sans-serif; margin: 0; color: #111; }
  h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 14pt; }
  .contract__apr { border: 2px solid #111; padding: 8pt; margin: 8pt 0; }
  .contract__apr-value { display: block; font-size: 22pt; font-weight: 700; }
  table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #bbb; padding: 3pt 6pt; text-align: left; }
  .signature { margin-top: 16pt; } .signature img { height: 60pt; }
`;

/**
 * The PDF copy of a signed contract (issue 4 item 7), where the shell can print: the exact stored
 * HTML and the signature, rendered in a hidden window that runs no script and reaches no network,
 * then printed with printToPDF to <dataDir>/contracts/<contractId>.pdf. The database copy stays
 * the record; a failed PDF is logged, never shown to the shopper.
 */
export async function saveContractPdf(core: KioskCore, contractId: string, dataDir: string, log: Logger): Promise<void> {
  const contract = core.credit.contracts.signedContract(contractId);
  if (!contract) return;
  const ses = session.fromPartition('contract-pdf');
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }));
  const win = new BrowserWindow({ show: false, webPreferences: { session: ses, javascript: false, sandbox: true, contextIsolation: true } });
  try {
    const doc = `<!doctype html><html lang="${contract.locale}"><head><meta charset="utf-8"><style>${PRINT_CSS}</style></head><body>${contract.html}
      <p class="signature"><img alt="signature" src="data:image/png;base64,${contract.signaturePng.toString('base64')}"></p></body></html>`;
    await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(doc)}`);
    const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
    const dir = join(dataDir, 'contracts');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${contractId}.pdf`), pdf);
    log.info({ contractId }, 'contract PDF saved');
  } catch (error) {
    log.error({ contractId, err: error }, 'contract PDF could not be made; the signed HTML is kept');
  } finally {
    win.destroy();
  }
}
