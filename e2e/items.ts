/** The normalized item the Crypto Payout node emits, as the e2e checks read it. */
import type { Item } from './kit';

export interface PayoutItem {
	provider?: string;
	status?: string;
	payoutId?: string | null;
	reference?: string;
	amount?: string;
	message?: string;
	providerStatus?: string;
	request?: unknown;
	notification?: string;
	operation?: string;
	/**
	 * A refused or failed row (Continue On Fail): the normalized item with status `refused` or
	 * `error`; on n8n's error output ("Continue (using error output)") the input row plus `error`
	 * and `details`. Null on a paid row.
	 */
	error?: {
		code?: string;
		message?: string;
		description?: string | null;
		field?: string | null;
	} | null;
	[key: string]: unknown;
}

export const asPayoutItems = (items: Item[] | undefined) => items as PayoutItem[] | undefined;

export const errorItems = (items: PayoutItem[]) => items.filter((item) => item.error);

export const byReference = (items: PayoutItem[]): Record<string, PayoutItem | undefined> =>
	Object.fromEntries(items.map((item) => [item.reference, item]));
