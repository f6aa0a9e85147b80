import { parseArgs } from 'node:util';
import { EnrolKioskRequest } from '../contract/sync.ts';
import type { KioskConfig } from '../core/config.ts';
import type { KioskCore } from '../core/kiosk-core.ts';

export const ENROL_USAGE = 'usage: host.mjs enrol --hq <url> --code <XXXX-XXXX-XXXX> [--label <name>] [--data-dir <dir>] [--reenrol]';

export type EnrolArgs = { ok: true; hqUrl: string | undefined; code: string; label: string | undefined; dataDir: string | undefined; reenrol: boolean } | { ok: false; message: string };

/** `enrol` and its options (argv after the subcommand). The code is checked for shape here, and never echoed. */
export function parseEnrolArgs(argv: string[]): EnrolArgs {
  let values: { hq?: string; code?: string; label?: string; 'data-dir'?: string; reenrol?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { hq: { type: 'string' }, code: { type: 'string' }, label: { type: 'string' }, 'data-dir': { type: 'string' }, reenrol: { type: 'boolean', default: false } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, message: `${(error as Error).message}\n${ENROL_USAGE}` };
  }
  if (values.code === undefined) return { ok: false, message: `--code is required\n${ENROL_USAGE}` };
  const checked = EnrolKioskRequest.safeParse({ hqUrl: values.hq, code: values.code, label: values.label, reenrol: values.reenrol });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const option = issue?.path[0] === 'hqUrl' ? '--hq' : `--${String(issue?.path[0] ?? 'code')}`;
    return { ok: false, message: `${option}: ${issue?.message ?? 'invalid'}\n${ENROL_USAGE}` };
  }
  return { ok: true, hqUrl: checked.data.hqUrl, code: checked.data.code, label: checked.data.label, dataDir: values['data-dir'], reenrol: checked.data.reenrol };
}

/** Runs an enrolment on a core that is not serving; resolves to the process exit code and what to print. */
export async function runEnrol(core: KioskCore, config: KioskConfig, args: Extract<EnrolArgs, { ok: true }>): Promise<{ code: number; out: string }> {
  const hqUrl = args.hqUrl ?? config.hqUrl;
  if (hqUrl === undefined) return { code: 2, out: `kiosk enrol: no HQ URL: pass --hq or set KIOSK_HQ_URL\n${ENROL_USAGE}` };
  const result = await core.sync.enrol({ hqUrl, code: args.code, label: args.label, reenrol: args.reenrol });
  if (result.status === 'refused') return { code: 1, out: `kiosk enrol: refused (${result.problem}): ${result.message}` };
  const pin = result.hqKeyPinned ? '' : '\n  (HQ key not pinned: set hqPublicKey / KIOSK_HQ_PUBLIC_KEY to pin it)';
  return { code: 0, out: `kiosk enrolled: kiosk ${result.kioskId} in store ${result.storeId} with HQ ${hqUrl}${pin}` };
}
