/** Offline address and memo validation, used before any payout is sent. */

export {
	ADDRESS_FAMILIES,
	detectAddressFamilies,
	familyName,
	isAddressFamily,
	validateAddress,
} from './address';
export type { AddressCheck, AddressFamily, AddressValidationOptions } from './address';
export { validateMemo } from './memo';
export type { MemoCheck } from './memo';
export { isKnownTokenContract } from './token-contracts';
export type { KnownTokenContract } from './token-contracts';
