import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelResponse } from '../../electron/contract/api.ts';
import { kiosk } from '../app/kiosk-client.ts';

/** How often the chip asks; sync itself runs on its own timers in the core. */
const CHIP_POLL_MS = 15_000;

/**
 * The sync chip (DESIGN.md §7): a small dot in the header, green / amber / red, for staff passing
 * by. It carries no detail and no alarm for a shopper (the panel with the detail is for staff);
 * a kiosk with no HQ at all shows none.
 */
export function SyncChip() {
  const { t } = useTranslation();
  const [chip, setChip] = useState<ChannelResponse<'syncChip'> | null>(null);
  useEffect(() => {
    let live = true;
    const ask = () =>
      void kiosk.syncChip({}).then((result) => {
        if (live && result.ok) setChip(result.data);
      });
    ask();
    const timer = setInterval(ask, CHIP_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  if (!chip || chip.standalone) return null;
  const label = t(`sync.chip.${chip.health}`);
  return <span className={`sync-chip sync-chip--${chip.health}`} role="status" aria-label={label} title={label} />;
}
