/**
 * Signed provider callbacks for a payout's current status, posted to its callback_url.
 * OxaPay: JSON body, header `HMAC` = hex HMAC-SHA512 of the exact body with the payout API key;
 * the receiver must answer `ok`. Cregis: JSON body whose `sign` is the request signature over all
 * other fields with the project key; the receiver must answer `success`. Only loopback URLs are
 * called: the sandbox must never post anything off this machine.
 */
import { createHmac, randomInt } from 'crypto';
import * as http from 'http';
import * as https from 'https';
import { signCregisFields } from './cregis-sign';
import { multiplyToText } from './decimal';
import { numberLiteral, writeJson, type WritableJson } from './json-writer';
import type { PayoutRecord } from './ledger';
import { oxapayDisplayNetwork } from './oxapay';
import { parseRawObject } from './raw-json';
import type { CallbackResult } from './types';

export interface CallbackRequest {
	url: string;
	body: string;
	headers: Record<string, string>;
	/** The reply body the provider treats as delivered. */
	expectedReply: 'ok' | 'success';
}

/** Fixed USD prices for the callback's `value` field (OxaPay sends the USD value of the amount). */
const USD_PRICES: Record<string, string> = {
	BTC: '60000',
	ETH: '3000',
	LTC: '80',
	DOGE: '0.15',
	BCH: '350',
	TRX: '0.12',
	SOL: '150',
	TON: '5',
	BNB: '600',
	POL: '0.5',
	UNI: '8',
	LINK: '15',
	SHIB: '0.00002',
	AVAX: '30',
	ETC: '25',
	XRP: '0.5',
};

const OXAPAY_CALLBACK_STATUS: Record<string, string> = {
	confirming: 'Confirming',
	confirmed: 'Confirmed',
	canceled: 'Failed',
	rejected: 'Failed',
	failed: 'Failed',
};

/** Cregis calls back once, for a final status only: 2 sign reject, 4 audit reject, 6 success, 7 fail. */
const CREGIS_CALLBACK_STATUSES = new Set([2, 4, 6, 7]);

export function buildCallback(
	record: PayoutRecord,
	cregisProjects: ReadonlyMap<string, string>,
): CallbackRequest {
	const entry = record.entry;
	if (!entry.callbackUrl) throw new Error(`Payout ${entry.id} has no callback_url`);
	assertLoopbackUrl(entry.callbackUrl);
	return entry.provider === 'oxapay'
		? oxapayCallback(record, entry.callbackUrl)
		: cregisCallback(record, entry.callbackUrl, cregisProjects);
}

function oxapayCallback(record: PayoutRecord, url: string): CallbackRequest {
	const entry = record.entry;
	const status = OXAPAY_CALLBACK_STATUS[String(entry.status)];
	if (!status)
		throw new Error(`OxaPay sends no callback for status ${JSON.stringify(entry.status)}`);
	const body = writeJson({
		track_id: entry.id,
		status,
		type: 'payout',
		tx_hash: status === 'Failed' ? '' : (entry.txHash ?? ''),
		address: entry.address,
		amount: numberLiteral(entry.amount),
		value: numberLiteral(multiplyToText(entry.amount, USD_PRICES[record.symbol] ?? '1', 2)),
		currency: entry.currency,
		network: oxapayDisplayNetwork(record),
		description: entry.description ?? '',
		date: Math.floor(Date.now() / 1000),
	});
	const hmac = createHmac('sha512', record.apiKey!).update(body, 'utf8').digest('hex');
	return {
		url,
		body,
		headers: { 'content-type': 'application/json', HMAC: hmac },
		expectedReply: 'ok',
	};
}

function cregisCallback(
	record: PayoutRecord,
	url: string,
	projects: ReadonlyMap<string, string>,
): CallbackRequest {
	const entry = record.entry;
	const status = entry.status as number;
	if (!CREGIS_CALLBACK_STATUSES.has(status)) {
		throw new Error(
			`Cregis sends no callback for status ${status}; it calls back only for 2, 4, 6 and 7`,
		);
	}
	const apiKey = projects.get(record.pid!);
	if (apiKey === undefined) throw new Error(`Project ${record.pid} is not configured`);
	const fields: Record<string, WritableJson> = {
		pid: numberLiteral(record.pid!),
		cid: numberLiteral(entry.id),
		chain_id: record.chainId!,
		token_id: record.tokenId!,
		currency: record.symbol,
		address: entry.address,
		amount: entry.amount,
		third_party_id: entry.reference ?? '',
		remark: entry.description ?? '',
		status: numberLiteral(String(status)),
		txid: entry.txHash ?? '',
		block_height: record.blockHeight ?? '',
		block_time: record.blockTime === undefined ? null : numberLiteral(String(record.blockTime)),
		memo: entry.memo ?? '',
		nonce: randomNonce(),
		timestamp: numberLiteral(String(Date.now())),
	};
	const body = writeJson({ ...fields, sign: signAsSent(fields, apiKey) });
	return { url, body, headers: { 'content-type': 'application/json' }, expectedReply: 'success' };
}

/**
 * Signs the fields as the receiver will read them: written, then read back with the sandbox's own
 * reader, the same path a request's signature is checked on. The signed text cannot drift from
 * the sent text (a number's digits, an escaped remark).
 */
function signAsSent(fields: Record<string, WritableJson>, apiKey: string): string {
	return signCregisFields(parseRawObject(writeJson(fields))!, apiKey);
}

const NONCE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomNonce(): string {
	let nonce = '';
	for (let i = 0; i < 6; i++) nonce += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
	return nonce;
}

export function isLoopbackHostname(hostname: string): boolean {
	const host =
		hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
	if (host.toLowerCase() === 'localhost' || host === '::1') return true;
	const v4 = host.startsWith('::ffff:') ? host.slice(7) : host;
	const parts = v4.split('.');
	return (
		parts.length === 4 &&
		parts[0] === '127' &&
		parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)
	);
}

function assertLoopbackUrl(value: string): void {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new Error(`Invalid callback_url ${JSON.stringify(value)}`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		throw new Error('callback_url must be http(s)');
	if (!isLoopbackHostname(url.hostname)) {
		throw new Error(
			`Refusing to deliver a callback off this machine (${url.hostname}); use a loopback callback_url`,
		);
	}
}

const CALLBACK_TIMEOUT_MS = 10_000;

export function sendCallback(request: CallbackRequest): Promise<CallbackResult> {
	return new Promise((resolve, reject) => {
		const url = new URL(request.url);
		const client = url.protocol === 'https:' ? https : http;
		const req = client.request(
			url,
			{
				method: 'POST',
				headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
				timeout: CALLBACK_TIMEOUT_MS,
				agent: false,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => {
					const body = Buffer.concat(chunks).toString('utf8');
					const status = res.statusCode ?? 0;
					resolve({
						status,
						body,
						accepted: status >= 200 && status < 300 && body.trim() === request.expectedReply,
					});
				});
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`Callback to ${request.url} timed out`)));
		req.on('error', reject);
		req.end(request.body);
	});
}
