import { ok } from '../../contract/errors.ts';
import type { orderChannels } from '../../contract/orders.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { Orders } from './orders.ts';

export function orderHandlers(orders: Orders): Handlers<keyof typeof orderChannels> {
  return {
    deliveryOptions: ({ purchase }) => orders.deliveryOptions(purchase),
    placeOrder: ({ applicationId, fulfilment }) => orders.placeOrder(applicationId, fulfilment),
    placeTillOrder: (input) => orders.placeTillOrder(input),
    staffAgreements: () => ok({ agreements: orders.staffAgreements() }),
    cancelAgreement: ({ applicationId, reason }, caller) => orders.cancelAgreement(applicationId, reason, caller.role === 'staff' ? caller.staffId : undefined),
  };
}
