import { useTranslation } from 'react-i18next';
import { Employment, IncomeBand } from '../../../../electron/contract/credit.ts';
import { ChoiceGroup } from '../../../components/fields.tsx';
import type { ApplicationForm } from '../use-application-form.ts';

/** Work and monthly income band: two choices, each marked if Next is tapped without it. */
export function AboutStep({ form }: { form: ApplicationForm }) {
  const { t } = useTranslation();
  return (
    <div className="apply__body">
      <ChoiceGroup
        id="apply-employment"
        legend={t('credit.about.employment')}
        options={Employment.options.map((value) => ({ value, label: t(`credit.about.employmentOptions.${value}`) }))}
        value={form.employment}
        onChange={form.setEmployment}
        error={form.aboutChecked && !form.employment ? t('credit.about.choose') : null}
      />
      <ChoiceGroup
        id="apply-income"
        legend={t('credit.about.income')}
        options={IncomeBand.options.map((value) => ({ value, label: t(`credit.about.incomeOptions.${value}`) }))}
        value={form.incomeBand}
        onChange={form.setIncomeBand}
        error={form.aboutChecked && !form.incomeBand ? t('credit.about.choose') : null}
      />
    </div>
  );
}
