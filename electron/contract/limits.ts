/**
 * Limits of the kiosk API, defined once: the contract's zod schemas enforce them and the
 * renderer builds its screens around them (a full compare list disables Compare, a field takes
 * no more than its schema allows), so the two can never disagree.
 */

/** Products side by side on the compare screen. */
export const MAX_COMPARE = 4;
/** Units of one product in a cart line. */
export const MAX_QUANTITY = 10;
/** Different products in one cart (quoted, financed or applied for). */
export const MAX_CART_LINES = 20;
/** An applicant's name as on the resident ID card, in characters after trimming. */
export const APPLICANT_NAME_MIN = 2;
export const APPLICANT_NAME_MAX = 30;
/** A resident ID number (GB 11643): 17 digits and a check character. */
export const RESIDENT_ID_LENGTH = 18;
/** A mobile number as typed, separators included, before it is normalised. */
export const MOBILE_MAX_LENGTH = 20;
/** A delivery address (street, building, flat) in characters once trimmed: fewer cannot find the door (ADDRESS_INCOMPLETE). */
export const DELIVERY_ADDRESS_MIN = 5;
export const DELIVERY_ADDRESS_MAX = 80;
