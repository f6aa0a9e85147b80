import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelResponse } from '../../../electron/contract/api.ts';
import { MOBILE_MAX_LENGTH } from '../../../electron/contract/limits.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { TextField } from '../../components/fields.tsx';
import { formatAgo } from '../../../ui/durations.ts';
import { OnScreenKeyboard } from '../../components/OnScreenKeyboard.tsx';

type Found = ChannelResponse<'staffFindMember'>['member'];

/**
 * Face members by mobile number (issue 10): for a member whose face the kiosk does not
 * recognise, or who will not use it, staff find them and, at their request and after checking
 * who they are, delete their face data; the receipt is the same as at the kiosk, and the deletion
 * is in the audit log under the staff member's name.
 */
export function MembersPanel() {
  const { t, i18n } = useTranslation();
  const [mobile, setMobile] = useState('');
  const [keyboard, setKeyboard] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [found, setFound] = useState<Found | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [receipt, setReceipt] = useState<string | null>(null);

  const find = async (event: FormEvent) => {
    event.preventDefault();
    setKeyboard(false);
    setReceipt(null);
    const result = await kiosk.staffFindMember({ mobile });
    if (!result.ok) {
      setError(t(`errors.${result.error.code}`));
      setFound(undefined);
      return;
    }
    setError(null);
    setFound(result.data.member);
  };

  const forget = async (memberId: string) => {
    setConfirming(false);
    const result = await kiosk.staffForgetMember({ memberId });
    if (!result.ok) {
      setError(t(`errors.${result.error.code}`));
      return;
    }
    setFound(undefined);
    setMobile('');
    setReceipt(t('staffMembers.deleted', { reference: result.data.reference, count: result.data.templates }));
  };

  return (
    <section className="staff-section" aria-labelledby="staff-members-title">
      <h2 id="staff-members-title">{t('staffMembers.title')}</h2>
      <form className="staff-members__find" onSubmit={(event) => void find(event)} noValidate>
        <TextField
          id="staff-member-mobile"
          label={t('staffMembers.mobile')}
          hint={t('staffMembers.mobileHint')}
          value={mobile}
          error={error}
          maxLength={MOBILE_MAX_LENGTH}
          onChange={setMobile}
          onFocus={() => setKeyboard(true)}
          onBlur={() => undefined}
        />
        <button type="submit" className="secondary-button">
          {t('staffMembers.find')}
        </button>
      </form>
      {keyboard && <OnScreenKeyboard value={mobile} onChange={setMobile} onDone={() => setKeyboard(false)} mode="digits" />}
      {receipt && (
        <p className="staff-application__done" role="status">
          {receipt}
        </p>
      )}
      {found === null && <p role="status">{t('staffMembers.notFound')}</p>}
      {found && (
        <div className="staff-members__card">
          <p>
            <strong>{found.displayName}</strong> · {found.mobileMasked}
          </p>
          <p>
            {t('staffMembers.detail', {
              enrolled: new Date(found.enrolledAt).toLocaleDateString(i18n.language),
              seen: formatAgo(found.lastSeenAt, Date.now(), i18n.language),
              count: found.templates,
            })}
          </p>
          <button type="button" className="secondary-button" onClick={() => setConfirming(true)}>
            {t('staffMembers.delete')}
          </button>
          {confirming && (
            <ConfirmDialog
              title={t('staffMembers.confirmTitle')}
              body={t('staffMembers.confirmBody', { name: found.displayName })}
              confirm={t('staffMembers.confirm')}
              cancel={t('staffMembers.cancel')}
              onConfirm={() => void forget(found.memberId)}
              onCancel={() => setConfirming(false)}
            />
          )}
        </div>
      )}
    </section>
  );
}
