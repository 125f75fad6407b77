/** Cregis reads: payout query by cid, project coins, address legality and "is ours". */
import type { IDataObject } from 'n8n-workflow';

import { PayoutFailure } from '../../shared/errors';
import { sendProviderRequest } from '../../shared/http';
import { replyObjectOrFail } from '../../shared/reply';
import type { NormalizedPayout, ProviderCallContext } from '../types';
import { CREGIS_CREDENTIAL } from './credential';
import { cregisFailure } from './errors';
import { normalizeCregisPayout } from './payout';

/** Every Cregis read is a signed POST; it changes nothing, so it may be retried. */
async function query(
	call: ProviderCallContext,
	url: string,
	body: IDataObject,
): Promise<IDataObject> {
	const response = await sendProviderRequest(call, CREGIS_CREDENTIAL, {
		method: 'POST',
		url,
		body,
		idempotent: true,
	});
	const envelope = replyObjectOrFail('Cregis', response);
	if (envelope.code === '00000') return (envelope.data ?? {}) as IDataObject;
	throw cregisFailure(
		String(envelope.code ?? 'unknown'),
		String(envelope.msg ?? ''),
		response.statusCode,
	);
}

export async function getCregisPayout(
	call: ProviderCallContext,
	payoutId: string,
): Promise<NormalizedPayout> {
	if (!/^\d{1,19}$/.test(payoutId)) {
		throw new PayoutFailure(
			'INVALID_PAYOUT_ID',
			`Payout ID "${payoutId}" is not a Cregis cid (digits).`,
			{ field: 'payoutId' },
		);
	}
	// The cid stays a digit string; the credential writes it as a bare int64 literal.
	const data = await query(call, '/api/v1/payout/query', { cid: payoutId });
	return normalizeCregisPayout(data, 'get', payoutId);
}

export async function checkCregisAddress(
	call: ProviderCallContext,
	address: string,
	chainId: string,
): Promise<{ legal: boolean; internal: boolean }> {
	const legal = await query(call, '/api/v1/address/legal', { address, chain_id: chainId });
	const inner = await query(call, '/api/v1/address/inner', { address, chain_id: chainId });
	return { legal: legal.result === true, internal: inner.result === true };
}

export interface CregisCoin {
	coinName: string;
	chainId: string;
	tokenId: string;
}

export async function readCregisPayoutCoins(call: ProviderCallContext): Promise<CregisCoin[]> {
	const data = await query(call, '/api/v1/coins', {});
	const coins = Array.isArray(data.payout_coins) ? (data.payout_coins as IDataObject[]) : [];
	return coins.map((coin) => ({
		coinName: String(coin.coin_name ?? ''),
		chainId: String(coin.chain_id ?? ''),
		tokenId: String(coin.token_id ?? ''),
	}));
}
