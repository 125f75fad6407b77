/**
 * Provider callbacks written here, from the providers' documentation and not from the package's
 * code: the bodies and signatures the trigger journey posts (forged ones, and one correctly signed
 * Cregis retry that cross-checks the trigger's verifier).
 */
import { createHash, createHmac } from 'node:crypto';

import { SANDBOX_CREGIS } from '../../sandbox';
import type { LedgerEntry } from '../kit';

export function oxapayCallbackBody(entry: LedgerEntry, status: string): string {
	return JSON.stringify({
		track_id: entry.id,
		status,
		type: 'payout',
		tx_hash: '',
		address: entry.address,
		amount: Number(entry.amount),
		value: Number(entry.amount),
		currency: entry.currency,
		network: entry.network,
		description: entry.description ?? '',
		date: Math.floor(Date.now() / 1000),
	});
}

/** OxaPay's HMAC header: HMAC-SHA512 of the raw body with the payout key. */
export const hmac = (body: string, key: string) =>
	createHmac('sha512', key).update(body, 'utf8').digest('hex');

/** Cregis's signature: md5 of the API key followed by the sorted non-empty key+value pairs. */
function cregisSign(fields: Record<string, string>, apiKey: string): string {
	const text = Object.keys(fields)
		.filter((key) => key !== 'sign' && String(fields[key]) !== '')
		.sort()
		.map((key) => key + String(fields[key]))
		.join('');
	return createHash('md5')
		.update(apiKey + text, 'utf8')
		.digest('hex');
}

/** A Cregis callback body; pid, cid, status and timestamp are JSON numbers (cid may exceed 2^53). */
export function cregisCallbackBody(
	entry: LedgerEntry,
	{
		status,
		timestamp = Date.now(),
		apiKey = SANDBOX_CREGIS.apiKey,
		sign,
	}: { status: number; timestamp?: number; apiKey?: string; sign?: string },
): string {
	const fields: Record<string, string> = {
		pid: SANDBOX_CREGIS.pid,
		cid: entry.id,
		chain_id: entry.currency.split('@')[0],
		token_id: entry.currency.split('@')[1],
		currency: 'USDT',
		address: entry.address,
		amount: entry.amount,
		third_party_id: entry.reference ?? '',
		remark: entry.description ?? '',
		status: String(status),
		txid: 'e2e',
		block_height: '',
		memo: '',
		nonce: 'e2e' + String(Math.floor(Math.random() * 1000)).padStart(3, '0'),
		timestamp: String(timestamp),
	};
	fields.sign = sign ?? cregisSign(fields, apiKey);
	const numeric = new Set(['pid', 'cid', 'status', 'timestamp']);
	return `{${Object.entries(fields)
		.map(
			([key, value]) =>
				`${JSON.stringify(key)}:${numeric.has(key) ? value : JSON.stringify(value)}`,
		)
		.join(',')}}`;
}
