import { useTranslation } from 'react-i18next';
import type { RolloutSummary } from '../../../server/release-schemas.ts';
import type { z } from 'zod';

/** A rollout's state in words; halted stands out. */
export function StateBadge({ state }: { state: z.infer<typeof RolloutSummary>['state'] }) {
  const { t } = useTranslation();
  return <span className={`badge badge--rollout-${state}`}>{t(`rollouts.state.${state}`)}</span>;
}
