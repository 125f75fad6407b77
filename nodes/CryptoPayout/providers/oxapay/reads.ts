/** OxaPay reads: payout information, payout history (paginated), the public currency list. */
import type { IDataObject } from 'n8n-workflow';

import { PayoutFailure } from '../../shared/errors';
import { loadOnce } from '../../shared/once';
import { sendProviderRequest } from '../../shared/http';
import { readFailure, replyObjectOrFail } from '../../shared/reply';
import type { NormalizedPayout, PayoutListQuery, ProviderCallContext } from '../types';
import { OXAPAY_CREDENTIAL } from './credential';
import { oxaPayFailure } from './errors';
import { oxaPayListQuery } from './list-filters';
import { normalizeOxaPayPayout } from './payout';

const MAX_PAGE_SIZE = 200;

async function getEnvelope(
	call: ProviderCallContext,
	url: string,
	qs?: IDataObject,
): Promise<IDataObject> {
	const response = await sendProviderRequest(call, OXAPAY_CREDENTIAL, {
		method: 'GET',
		url,
		qs,
		idempotent: true,
	});
	const envelope = replyObjectOrFail('OxaPay', response);
	const status = typeof envelope.status === 'number' ? envelope.status : response.statusCode;
	if (response.statusCode === 200 && status === 200) return envelope;
	if (response.statusCode >= 500) throw readFailure('OxaPay', response);
	throw oxaPayFailure(response.statusCode, envelope);
}

export async function getOxaPayPayout(
	call: ProviderCallContext,
	payoutId: string,
): Promise<NormalizedPayout> {
	if (!/^\d{1,20}$/.test(payoutId)) {
		throw new PayoutFailure(
			'INVALID_PAYOUT_ID',
			`Payout ID "${payoutId}" is not an OxaPay track ID (digits).`,
			{ field: 'payoutId' },
		);
	}
	const envelope = await getEnvelope(call, `/payout/${payoutId}`);
	return normalizeOxaPayPayout((envelope.data ?? {}) as IDataObject, 'get');
}

export async function listOxaPayPayouts(
	call: ProviderCallContext,
	query: PayoutListQuery,
): Promise<NormalizedPayout[]> {
	const results: NormalizedPayout[] = [];
	const wanted = query.returnAll ? Number.POSITIVE_INFINITY : query.limit;
	const size = Math.min(
		MAX_PAGE_SIZE,
		Number.isFinite(wanted) ? Math.max(1, wanted) : MAX_PAGE_SIZE,
	);
	for (let page = 1; results.length < wanted; page++) {
		const envelope = await getEnvelope(call, '/payout', {
			...oxaPayListQuery(query.filters),
			size,
			page,
		});
		const data = (envelope.data ?? {}) as IDataObject;
		const list = Array.isArray(data.list) ? (data.list as IDataObject[]) : [];
		for (const entry of list) {
			if (results.length >= wanted) break;
			results.push(normalizeOxaPayPayout(entry, 'getMany'));
		}
		const meta = (data.meta ?? {}) as IDataObject;
		const lastPage = typeof meta.last_page === 'number' ? meta.last_page : page;
		if (list.length === 0 || page >= lastPage) break;
	}
	return results;
}

export interface OxaPayNetworkInfo {
	network: string;
	name: string;
	withdrawMin?: string;
	withdrawFee?: string;
}

/** `/common/currencies` (public), once per execution: symbol → its payout networks. */
export async function readOxaPayCurrencies(
	call: ProviderCallContext,
): Promise<Map<string, OxaPayNetworkInfo[]>> {
	return await loadOnce(call.cache, 'currencies', async () => {
		const envelope = await getEnvelope(call, '/common/currencies');
		const currencies = new Map<string, OxaPayNetworkInfo[]>();
		for (const [symbol, entry] of Object.entries(
			(envelope.data ?? {}) as Record<string, IDataObject>,
		)) {
			const networks = Object.values((entry.networks ?? {}) as Record<string, IDataObject>).map(
				(network) => ({
					network: String(network.network ?? ''),
					name: String(network.name ?? network.network ?? ''),
					withdrawMin:
						network.withdraw_min === undefined ? undefined : String(network.withdraw_min),
					withdrawFee:
						network.withdraw_fee === undefined ? undefined : String(network.withdraw_fee),
				}),
			);
			currencies.set(symbol.toUpperCase(), networks);
		}
		return currencies;
	});
}
