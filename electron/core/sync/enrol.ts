import { EnrolRequest, MAX_CLOCK_SKEW_S, type EnrolKioskResponse, type EnrolProblem } from '../../contract/sync.ts';
import { HqServiceUrl } from '../config.ts';
import type { Logger } from '../logger.ts';
import { describeSkew, type HqClient } from './hq-client.ts';
import { newKeyPair, type IdentityFiles } from './identity.ts';
import type { SyncStore } from './sync-store.ts';

export interface EnrolInput {
  hqUrl: string;
  code: string;
  label?: string | undefined;
  /** Replace an existing enrolment; without it a kiosk already enrolled is refused. */
  reenrol?: boolean;
}

export interface EnrolDeps {
  store: SyncStore;
  files: IdentityFiles;
  client: HqClient;
  appVersion: string;
  /** HQ's publication key pinned in the kiosk's configuration, if any. */
  pinnedHqKey: string | undefined;
  now: () => number;
  log: Logger;
  /** After a successful enrolment: the fleet identity key is in force from now on. */
  onEnrolled: (fleetKey: Buffer) => void;
}

const refused = (problem: EnrolProblem, message: string): EnrolKioskResponse => ({ status: 'refused', problem, message });

/**
 * Enrols the kiosk with HQ (DESIGN.md §7): a fresh Ed25519 key pair, the one-time code from store
 * IT, HQ's answer checked (its publication key against the pinned one, its clock against ours)
 * before anything is stored. The code and the keys never reach a log line.
 */
export async function enrol(input: EnrolInput, d: EnrolDeps): Promise<EnrolKioskResponse> {
  const url = HqServiceUrl.safeParse(input.hqUrl);
  if (!url.success) return refused('HQ_URL_INVALID', `${input.hqUrl}: ${url.error.issues[0]?.message ?? 'not a URL'}`);
  const existing = d.store.enrolment();
  if (existing && !input.reenrol) {
    return refused('ALREADY_ENROLLED', `this kiosk is already enrolled as ${existing.kioskId} (store ${existing.storeId}); enrol again only with the re-enrol option`);
  }
  const request = EnrolRequest.safeParse({ code: input.code, publicKey: 'A'.repeat(43), appVersion: d.appVersion, ...(input.label ? { label: input.label } : {}) });
  if (!request.success) {
    const field = request.error.issues[0]?.path.join('.');
    return refused(field === 'code' ? 'CODE_INVALID' : 'HQ_ERROR', `${field}: ${request.error.issues[0]?.message ?? 'invalid'}`);
  }
  const keys = newKeyPair();
  const answer = await d.client.enrol(input.hqUrl, { ...request.data, publicKey: keys.publicKey });
  if (!answer.ok) {
    switch (answer.code) {
      case 'ENROLMENT_CODE_INVALID':
        return refused('CODE_INVALID', 'HQ does not accept this enrolment code: it is unknown, used or expired; ask HQ for a new one');
      case 'UNREACHABLE':
      case 'TIMEOUT':
      case 'UNAVAILABLE':
        return refused('HQ_UNREACHABLE', `${answer.message} at ${input.hqUrl}`);
      case 'CLOCK_SKEW':
        return refused('CLOCK_SKEW', answer.message);
      default:
        return refused('HQ_ERROR', answer.message);
    }
  }
  const e = answer.data;
  const skewMs = d.now() - e.serverTime;
  if (Math.abs(skewMs) > MAX_CLOCK_SKEW_S * 1000) {
    return refused('CLOCK_SKEW', `the kiosk clock is ${describeSkew(skewMs)} HQ's; set the clock (NTP), then enrol with a new code`);
  }
  if (d.pinnedHqKey !== undefined && e.hqPublicKey !== d.pinnedHqKey) {
    d.log.error({ hqUrl: input.hqUrl }, 'HQ answered enrolment with a publication key other than the pinned one; not enrolled');
    return refused('HQ_KEY_MISMATCH', `HQ at ${input.hqUrl} signs with another key than the one pinned in this kiosk's configuration (hqPublicKey); check the URL and the configuration`);
  }
  if (d.pinnedHqKey === undefined) d.log.warn('no hqPublicKey pinned in the configuration: trusting the key HQ sent at enrolment');

  const fleetKey = Buffer.from(e.identityKey, 'hex');
  d.files.save(keys.pkcs8, fleetKey);
  d.store.saveEnrolment({ kioskId: e.kioskId, storeId: e.storeId, hqUrl: input.hqUrl, hqPublicKey: e.hqPublicKey, label: input.label ?? null, enrolledAt: d.now() });
  d.onEnrolled(fleetKey);
  d.log.info({ kioskId: e.kioskId, storeId: e.storeId }, 'kiosk enrolled with HQ');
  return { status: 'enrolled', kioskId: e.kioskId, storeId: e.storeId, hqKeyPinned: d.pinnedHqKey !== undefined };
}
