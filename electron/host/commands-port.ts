import type { CommandsPort } from '../core/fleet/commands.ts';

/** The exit status of a restart asked for remotely: EX_TEMPFAIL, so a supervisor restarts it under Restart=always and Restart=on-failure alike. */
export const RESTART_EXIT_CODE = 75;

/**
 * Remote commands' actions in the web host. It serves the UI to a browser it does not own, so it
 * cannot reload that page: reload_ui fails as not_supported (reload the browser kiosk, or restart
 * it). A restart is exiting and being started again, which only a supervisor does (systemd sets
 * INVOCATION_ID; KIOSK_SUPERVISED=1 says so for another): unsupervised, it fails as not_supported
 * rather than leave the store without its kiosk.
 */
export function webHostCommandsPort(options: { env: NodeJS.ProcessEnv; exit: (code: number) => void }): CommandsPort {
  const supervised = options.env.INVOCATION_ID !== undefined || options.env.KIOSK_SUPERVISED === '1';
  return {
    reloadUi: () => ({ ok: false, code: 'not_supported', message: 'the web host does not own the browser showing the kiosk UI: reload it there' }),
    restartApp: () => {
      if (!supervised) return { ok: false, code: 'not_supported', message: 'no supervisor would start the web host again (systemd, or KIOSK_SUPERVISED=1)' };
      options.exit(RESTART_EXIT_CODE);
      return { ok: true };
    },
  };
}
