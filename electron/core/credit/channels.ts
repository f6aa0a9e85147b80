import type { creditChannels } from '../../contract/credit.ts';
import { fail, ok } from '../../contract/errors.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { Applications } from './applications.ts';
import type { Contracts } from './contracts.ts';
import type { Approver, Referrals } from './referrals.ts';

/** `approver`: the signed-in staff member with the limit the roster gives them. */
export function creditHandlers(applications: Applications, contracts: Contracts, referrals: Referrals, approver: (staffId: string) => Approver): Handlers<keyof typeof creditChannels> {
  return {
    applyForCredit: (input, caller) => applications.apply(input, caller.role === 'staff' ? caller.staffId : null),
    applicationStatus: ({ applicationId }) => {
      const application = applications.view(applicationId);
      return application ? ok({ application }) : fail('NOT_FOUND', `No application ${applicationId}`, 'applicationId');
    },
    staffApplications: (_input, caller) =>
      ok({ applications: referrals.list(), approvalLimitFen: caller.role === 'staff' ? approver(caller.staffId).approvalLimitFen : null }),
    staffDecideApplication: ({ applicationId, decision, reason }, caller) =>
      caller.role === 'staff' ? referrals.decide(applicationId, approver(caller.staffId), decision, reason) : fail('FORBIDDEN', 'a staff member decides'),
    requestHumanReview: ({ applicationId }) => applications.requestReview(applicationId),
    withdrawApplication: ({ applicationId }) => ok({ withdrawn: applications.withdraw(applicationId, 'shopper_declined') }),
    keyTerms: ({ applicationId, locale }) => contracts.keyTerms(applicationId, locale),
    signContract: ({ applicationId, locale, htmlHash, signature }) => contracts.sign(applicationId, locale, htmlHash, signature),
  };
}
