/** Cregis payout records (query replies and callbacks) in the normalized shape. */
import type { IDataObject } from 'n8n-workflow';

import { decimalTextFromProvider } from '../../shared/decimal';
import { idText, normalizedPayout } from '../../shared/output';
import type { NormalizedPayout } from '../types';
import { CREGIS_CURRENCIES } from './currencies';
import { normalizeCregisStatus } from './status';

function currencyOf(data: IDataObject): { symbol: string | null; network: string | null } {
	const chainId = data.chain_id === undefined ? undefined : String(data.chain_id);
	const tokenId = data.token_id === undefined ? undefined : String(data.token_id);
	const entry = CREGIS_CURRENCIES.find(
		(candidate) =>
			candidate.chainId === chainId &&
			(candidate.tokenId === tokenId ||
				(candidate.tokenId.startsWith('0x') && candidate.tokenId === tokenId?.toLowerCase())),
	);
	if (entry) return { symbol: entry.symbol, network: entry.network };
	return { symbol: typeof data.currency === 'string' ? data.currency : null, network: null };
}

/** `cid` is passed in for query replies, which do not repeat it. */
export function normalizeCregisPayout(
	data: IDataObject,
	operation: string,
	cid?: string,
): NormalizedPayout {
	const status = data.status;
	const { symbol, network } = currencyOf(data);
	const blockTime =
		typeof data.block_time === 'number' && data.block_time > 0 ? data.block_time : undefined;
	return normalizedPayout({
		provider: 'cregis',
		operation,
		payoutId: idText(data.cid) ?? cid ?? null,
		reference: typeof data.third_party_id === 'string' ? data.third_party_id : null,
		status: status === undefined || status === null ? 'unknown' : normalizeCregisStatus(status),
		providerStatus: status === undefined || status === null ? null : String(status),
		currency: symbol,
		network,
		address: typeof data.address === 'string' ? data.address : null,
		amount: decimalTextFromProvider(data.amount) ?? null,
		memo: typeof data.memo === 'string' && data.memo ? data.memo : null,
		description: typeof data.remark === 'string' && data.remark ? data.remark : null,
		txHash: typeof data.txid === 'string' && data.txid ? data.txid : null,
		// Cregis reports no fee on payouts.
		fee: null,
		// Cregis gives the block time (ms) once the transaction is on chain; it has no creation time.
		createdAt: blockTime ? new Date(blockTime).toISOString() : null,
		raw: data,
	});
}
