import type { creditChannels } from '../../contract/credit.ts';
import { fail, ok } from '../../contract/errors.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { Applications } from './applications.ts';
import type { Contracts } from './contracts.ts';

export function creditHandlers(applications: Applications, contracts: Contracts): Handlers<keyof typeof creditChannels> {
  return {
    applyForCredit: (input, caller) => applications.apply(input, caller.role === 'staff' ? caller.staffId : null),
    applicationStatus: ({ applicationId }) => {
      const application = applications.view(applicationId);
      return application ? ok({ application }) : fail('NOT_FOUND', `No application ${applicationId}`, 'applicationId');
    },
    requestHumanReview: ({ applicationId }) => applications.requestReview(applicationId),
    withdrawApplication: ({ applicationId }) => ok({ withdrawn: applications.withdraw(applicationId, 'shopper_declined') }),
    keyTerms: ({ applicationId, locale }) => contracts.keyTerms(applicationId, locale),
    signContract: ({ applicationId, locale, htmlHash, signature }) => contracts.sign(applicationId, locale, htmlHash, signature),
  };
}
