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
	/** Continue On Fail: the input row plus `error`. */
	error?: { code?: string; message?: string };
	[key: string]: unknown;
}

export const asPayoutItems = (items: Item[] | undefined) => items as PayoutItem[] | undefined;

export const errorItems = (items: PayoutItem[]) => items.filter((item) => item.error);

export const byReference = (items: PayoutItem[]): Record<string, PayoutItem | undefined> =>
	Object.fromEntries(items.map((item) => [item.reference, item]));
