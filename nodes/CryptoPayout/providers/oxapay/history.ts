/**
 * OxaPay has no idempotency key, so before a create the node reads the payout history once per
 * execution and looks for the reference it writes into every description (`[ref:INV-1] …`).
 */
import type { IDataObject } from 'n8n-workflow';

import { PayoutFailure } from '../../shared/errors';
import { sendProviderRequest } from '../../shared/http';
import { loadOnce } from '../../shared/once';
import { parseReplyObject } from '../../shared/reply';
import type { NormalizedPayout, ProviderCallContext } from '../types';
import { OXAPAY_CREDENTIAL } from './credential';
import { oxaPayFailure } from './errors';
import { normalizeOxaPayPayout, splitDescription } from './payout';
import { readOxaPayCurrencies } from './reads';

const PAGE_SIZE = 200;
/** The Create option (oxaPayCreateOptions) that sets how far back the history is searched. */
export const DUPLICATE_CHECK_DAYS_OPTION = 'duplicateCheckDays';
export const DEFAULT_DUPLICATE_CHECK_DAYS = 90;
/** 50 pages of 200: the newest 10,000 payouts in the window. */
const MAX_PAGES = 50;

type HistoryIndex = Map<string, IDataObject>;

export async function readHistoryIndex(
	call: ProviderCallContext,
	lookbackDays: number,
): Promise<HistoryIndex> {
	return await loadOnce(call.cache, 'historyIndex', async () => {
		const index = await loadHistoryIndex(call, lookbackDays);
		// The currency list (the minimum-amount warning before the first create) is the execution's
		// other read: it now loads while the references are claimed, instead of after. Advice only:
		// a failure is forgotten (loadOnce), and the warning's own read tries again.
		readOxaPayCurrencies(call).catch(() => undefined);
		return index;
	});
}

async function loadHistoryIndex(
	call: ProviderCallContext,
	lookbackDays: number,
): Promise<HistoryIndex> {
	const index: HistoryIndex = new Map();
	const fromDate = Math.floor(Date.now() / 1000) - Math.round(lookbackDays * 86400);
	for (let page = 1; page <= MAX_PAGES; page++) {
		const response = await sendProviderRequest(call, OXAPAY_CREDENTIAL, {
			method: 'GET',
			url: '/payout',
			qs: { size: PAGE_SIZE, page, from_date: fromDate, sort_by: 'create_date', sort_type: 'desc' },
			idempotent: true,
		});
		const envelope = parseReplyObject(response);
		const data = (envelope?.data ?? undefined) as IDataObject | undefined;
		const list = data?.list;
		if (response.statusCode !== 200 || !Array.isArray(list)) {
			// An auth or IP refusal explains itself; anything else is "could not check".
			if (
				envelope &&
				response.statusCode >= 400 &&
				response.statusCode < 500 &&
				response.statusCode !== 429
			) {
				throw oxaPayFailure(response.statusCode, envelope);
			}
			throw new PayoutFailure(
				'DUPLICATE_CHECK_FAILED',
				`Could not read OxaPay's payout history (HTTP ${response.statusCode}) to check for an earlier payout with this reference, so nothing was sent.`,
				{
					kind: 'provider',
					httpCode: response.statusCode,
					description:
						'Run the item again later. If the key is refused, check the OxaPay API credential.',
				},
			);
		}
		for (const entry of list as IDataObject[]) {
			const { reference } = splitDescription(entry.description);
			// References are compared case-insensitively (INV-1 and inv-1 are one invoice).
			const key = reference?.toUpperCase();
			if (key && !index.has(key)) index.set(key, entry);
		}
		const meta = (data?.meta ?? {}) as IDataObject;
		if (typeof meta.last_page !== 'number' || page >= meta.last_page) break;
	}
	return index;
}

/** Options → Duplicate Check Window (Days), with its default. */
export function duplicateCheckDays(options: IDataObject): number {
	const days = options[DUPLICATE_CHECK_DAYS_OPTION];
	return typeof days === 'number' && Number.isFinite(days) && days > 0
		? days
		: DEFAULT_DUPLICATE_CHECK_DAYS;
}

export async function findOxaPayPayoutByReference(
	call: ProviderCallContext,
	reference: string,
	options: IDataObject,
): Promise<NormalizedPayout | undefined> {
	const index = await readHistoryIndex(call, duplicateCheckDays(options));
	const entry = index.get(reference.toUpperCase());
	return entry ? normalizeOxaPayPayout(entry, 'create') : undefined;
}
