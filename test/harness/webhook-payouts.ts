/**
 * Provider-side helpers for the trigger tests: create payouts on the sandbox over plain HTTP (the
 * action node only accepts https:// callback URLs, and the loopback endpoint is http), and sign
 * callbacks the way OxaPay and Cregis do, written out independently of the node's verifiers.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

import { signCregisBody } from '../../nodes/CryptoPayout/providers/cregis/sign';
import { JsonNumberLiteral, stringifyJson } from '../../nodes/CryptoPayout/shared/json';
import type { CregisProject, Sandbox } from '../../sandbox';

export const TRON_ADDRESS = 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS';

export interface PostResult {
	status: number;
	body: string;
	contentType: string | null;
}

export async function postRaw(
	url: string,
	body: string | Buffer,
	headers: Record<string, string>,
): Promise<PostResult> {
	const response = await fetch(url, { method: 'POST', headers, body });
	return {
		status: response.status,
		body: await response.text(),
		contentType: response.headers.get('content-type'),
	};
}

/** Creates an OxaPay payout on the sandbox; returns its track_id. */
export async function createOxaPayPayout(
	sandbox: Sandbox,
	options: { apiKey: string; callbackUrl: string; amount?: string; description?: string },
): Promise<string> {
	const body =
		`{"address":"${TRON_ADDRESS}","currency":"USDT","network":"TRC20","amount":${options.amount ?? '12.5'},` +
		`"callback_url":${JSON.stringify(options.callbackUrl)},"description":${JSON.stringify(options.description ?? '[ref:INV-7] Order 7')}}`;
	const reply = await postRaw(`${sandbox.oxapayBaseUrl}/payout`, body, {
		'content-type': 'application/json',
		payout_api_key: options.apiKey,
	});
	const trackId = /"track_id":"?(\d+)"?/.exec(reply.body)?.[1];
	if (reply.status !== 200 || !trackId)
		throw new Error(`OxaPay sandbox refused the payout: ${reply.status} ${reply.body}`);
	return trackId;
}

/** Creates a Cregis payout (TRX on TRON) on the sandbox; returns its cid digit for digit. */
export async function createCregisPayout(
	sandbox: Sandbox,
	options: {
		project: CregisProject;
		callbackUrl: string;
		reference: string;
		amount?: string;
		remark?: string;
	},
): Promise<string> {
	const fields = {
		pid: new JsonNumberLiteral(options.project.pid),
		currency: '195@195',
		address: TRON_ADDRESS,
		amount: options.amount ?? '1.5',
		third_party_id: options.reference,
		callback_url: options.callbackUrl,
		remark: options.remark ?? 'Cregis payout',
		nonce: randomBytes(3).toString('hex'),
		timestamp: new JsonNumberLiteral(String(Date.now())),
	};
	const body = stringifyJson({ ...fields, sign: signCregisBody(fields, options.project.apiKey) });
	const reply = await postRaw(`${sandbox.cregisBaseUrl}/api/v1/payout`, body, {
		'content-type': 'application/json',
	});
	const cid = /"cid":(\d+)/.exec(reply.body)?.[1];
	if (!cid) throw new Error(`Cregis sandbox refused the payout: ${reply.body}`);
	return cid;
}

export function oxaPayHmac(body: string | Buffer, apiKey: string): string {
	return createHmac('sha512', apiKey).update(body).digest('hex');
}

/**
 * A Cregis callback body written field by field as raw JSON literals (`'"195"'`, `'6'`,
 * `'9007199254740993'`), signed over each literal's text: strings by their value, numbers by their
 * digits, null and "" left out (Cregis reference §2). Returns the exact text to post.
 */
export function cregisCallbackBody(
	fields: Record<string, string>,
	apiKey: string,
	options: { sign?: string | null } = {},
): string {
	const texts: Record<string, string | null> = {};
	for (const [name, literal] of Object.entries(fields)) {
		texts[name] =
			literal === 'null'
				? null
				: literal.startsWith('"')
					? (JSON.parse(literal) as string)
					: literal;
	}
	const signingString = Object.keys(texts)
		.filter((name) => name !== 'sign' && texts[name] !== null && texts[name] !== '')
		.sort()
		.map((name) => name + texts[name])
		.join('');
	const sign =
		options.sign === undefined
			? createHash('md5')
					.update(apiKey + signingString, 'utf8')
					.digest('hex')
			: options.sign;
	const parts = Object.entries(fields).map(
		([name, literal]) => `${JSON.stringify(name)}:${literal}`,
	);
	if (sign !== null) parts.push(`"sign":${JSON.stringify(sign)}`);
	return `{${parts.join(',')}}`;
}

/** The fields of a Cregis payout callback for `cid`, as raw JSON literals (status 6 by default). */
export function cregisCallbackFields(
	project: CregisProject,
	cid: string,
	overrides: Record<string, string> = {},
): Record<string, string> {
	return {
		pid: project.pid,
		cid,
		chain_id: '"195"',
		token_id: '"195"',
		currency: '"TRX"',
		address: JSON.stringify(TRON_ADDRESS),
		amount: '"1.5"',
		third_party_id: '"INV-C1"',
		remark: '"Cregis payout"',
		status: '6',
		txid: '"6dd05b0972075542219a3fcc116c58feaf9480f1f698cc46c4367ded83955cfd"',
		block_height: '"34527604"',
		block_time: String(Date.now() - 5_000),
		memo: '""',
		nonce: JSON.stringify(randomBytes(3).toString('hex')),
		timestamp: String(Date.now()),
		...overrides,
	};
}
