import { ok } from '../../contract/errors.ts';
import type { sessionChannels } from '../../contract/session.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { StoreInfo } from '../catalog/catalog-store.ts';
import type { KioskConfig } from '../config.ts';
import type { Sessions } from './sessions.ts';

export interface SessionChannelDeps {
  sessions: Sessions;
  config: KioskConfig;
  appVersion: string;
  shell: 'electron' | 'web';
  store: () => StoreInfo;
}

export function sessionHandlers({ sessions, config, appVersion, shell, store }: SessionChannelDeps): Handlers<keyof typeof sessionChannels> {
  return {
    appInfo: () =>
      ok({
        version: appVersion,
        shell,
        store: store(),
        defaultLocale: 'zh-CN',
        idle: { timeoutMs: config.idleTimeoutMs, warningMs: config.idleWarningMs },
      }),
    startSession: ({ locale }) => ok({ sessionId: sessions.start(locale) }),
    endSession: ({ sessionId, reason }) => ok({ ended: sessions.end(sessionId, reason) }),
  };
}
