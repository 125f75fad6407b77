/**
 * Cregis WaaS payout endpoints under `/cregis` (reference: cregis-api.md). API errors travel with
 * HTTP 200 in the `{code, msg, data}` envelope, as Cregis does. Every request is checked in this
 * order: JSON object → pid → nonce → timestamp → sign → nonce replay, then per endpoint. The
 * signature is recomputed over each received field's exact text (a number's literal digits), so a
 * client that rounds a 19-digit id or re-serialises a value differently is caught.
 */
import { timingSafeEqual } from 'crypto';
import { CREGIS_PROJECT_ADDRESSES, isPlausibleAddress, isProjectAddress } from './addresses';
import {
	CREGIS_CURRENCIES,
	cregisChainNetwork,
	cregisCurrencyId,
	findCregisCurrency,
} from './cregis-currencies';
import { signCregisFields } from './cregis-sign';
import { DECIMAL_PATTERN, parseDecimal, significantDecimals } from './decimal';
import { isHttpUrl, isJsonContentType, jsonReply, type ProviderRequest, type Reply } from './http';
import type { PayoutRecord } from './ledger';
import { parseRawObject, type RawValue } from './raw-json';
import type { SandboxState } from './state';

export function cregisReply(code: string, msg: string, dataJson = '{}'): Reply {
	return jsonReply(200, `{"code":"${code}","msg":${JSON.stringify(msg)},"data":${dataJson}}`);
}

const paramError = (what: string): Reply => cregisReply('A0001', `Param Error: ${what}`);
const success = (dataJson: string): Reply => cregisReply('00000', 'ok', dataJson);

/** What a Spring Boot gateway answers for an unknown path or a wrong method or media type. */
function springError(status: number, error: string, path: string): Reply {
	return jsonReply(
		status,
		JSON.stringify({ timestamp: new Date().toISOString(), status, error, path }),
	);
}

const SYSTEM_FIELDS = ['pid', 'nonce', 'timestamp', 'sign'];
const fieldSet = (...names: string[]) => new Set([...SYSTEM_FIELDS, ...names]);

interface Authenticated {
	pid: string;
	apiKey: string;
	fields: Map<string, RawValue>;
}

type Handler = (state: SandboxState, auth: Authenticated) => Reply;

const ROUTES: Record<string, { fields: Set<string>; handler: Handler }> = {
	'/api/v1/payout': {
		fields: fieldSet(
			'currency',
			'address',
			'amount',
			'third_party_id',
			'callback_url',
			'remark',
			'memo',
		),
		handler: createPayout,
	},
	'/api/v1/payout/query': { fields: fieldSet('cid'), handler: queryPayout },
	'/api/v1/coins': { fields: fieldSet(), handler: () => success(COINS_DATA_JSON) },
	'/api/v1/address/legal': {
		fields: fieldSet('address', 'chain_id'),
		handler: (_state, auth) => checkAddress(auth, 'legal'),
	},
	'/api/v1/address/inner': {
		fields: fieldSet('address', 'chain_id'),
		handler: (_state, auth) => checkAddress(auth, 'inner'),
	},
};

export function handleCregis(state: SandboxState, req: ProviderRequest): Reply {
	const route = Object.prototype.hasOwnProperty.call(ROUTES, req.path)
		? ROUTES[req.path]
		: undefined;
	if (!route) return springError(404, 'Not Found', `/cregis${req.path}`);
	if (req.method !== 'POST') return springError(405, 'Method Not Allowed', `/cregis${req.path}`);
	if (!isJsonContentType(req.headers['content-type']))
		return springError(415, 'Unsupported Media Type', `/cregis${req.path}`);

	const fields = parseRawObject(req.rawBody);
	if (!fields) return paramError('body');
	const auth = authenticate(state, fields);
	if ('status' in auth) return auth;
	for (const name of fields.keys()) {
		if (!route.fields.has(name)) return paramError(name);
	}
	return route.handler(state, auth);
}

const DIGITS = /^\d+$/;
const NONCE = /^[A-Za-z0-9]{6}$/;
const SIGN = /^[0-9a-f]{32}$/;

/** An int64 sent as a JSON integer or as a digit string (Cregis's own examples do both). */
function integerText(value: RawValue | undefined): string | undefined {
	if (value === undefined) return undefined;
	if (value.type === 'number')
		return value.kind === 'integer' && !value.literal.startsWith('-') ? value.literal : undefined;
	if (value.type === 'string') return DIGITS.test(value.value) ? value.value : undefined;
	return undefined;
}

function authenticate(state: SandboxState, fields: Map<string, RawValue>): Authenticated | Reply {
	// Scalars only: Cregis payout requests carry no nested values, and signing needs plain text.
	for (const [name, value] of fields) {
		if (value.type === 'object' || value.type === 'array') return paramError(name);
	}

	const pid = integerText(fields.get('pid'));
	const apiKey = pid === undefined ? undefined : state.cregisProjects.get(pid);
	if (pid === undefined || apiKey === undefined)
		return cregisReply('E0003', 'Item does not exist or item status is anomalous');

	const nonce = fields.get('nonce');
	if (nonce?.type !== 'string' || !NONCE.test(nonce.value)) return paramError('nonce');

	const timestamp = integerText(fields.get('timestamp'));
	const now = Date.now();
	if (
		timestamp === undefined ||
		!(Math.abs(now - Number(timestamp)) <= state.cregisTimestampWindowMs)
	) {
		return paramError('timestamp');
	}

	const sign = fields.get('sign');
	if (sign?.type !== 'string' || !SIGN.test(sign.value))
		return cregisReply('B0001', 'Signature Error');
	const expected = signCregisFields(fields, apiKey);
	if (!timingSafeEqual(Buffer.from(expected), Buffer.from(sign.value)))
		return cregisReply('B0001', 'Signature Error');

	// Only a correctly signed request uses up its nonce, so garbage cannot block a real client.
	if (!state.nonces.use(pid, nonce.value, now)) return paramError('nonce reused');
	return { pid, apiKey, fields };
}

/** A string field: undefined when absent, null or "" (Cregis drops those from the signature too). */
function stringField(fields: Map<string, RawValue>, name: string): string | undefined | false {
	const value = fields.get(name);
	if (value === undefined || value.type === 'null') return undefined;
	if (value.type !== 'string') return false;
	return value.value === '' ? undefined : value.value;
}

const MEMO_CHAINS = new Set(['144', '2000']);
const XRP_TAG_LIMIT = 4294967295n;

function createPayout(state: SandboxState, auth: Authenticated): Reply {
	const { fields, pid } = auth;

	const currencyText = stringField(fields, 'currency');
	if (!currencyText) return paramError('currency');
	const currency = findCregisCurrency(currencyText);
	if (!currency) return cregisReply('E0005', 'Unsupported coin');

	const address = stringField(fields, 'address');
	if (!address) return paramError('address');
	if (!isPlausibleAddress(address, currency.network))
		return cregisReply('E0008', 'Address is invalid');

	// Money is a JSON string in every Cregis request; a number is a client bug (float risk).
	const amountValue = fields.get('amount');
	if (amountValue?.type !== 'string' || !DECIMAL_PATTERN.test(amountValue.value))
		return paramError('amount');
	const amount = amountValue.value;
	if (parseDecimal(amount)!.units <= 0n)
		return cregisReply('E0006', 'The withdrawal amount must be greater than 0');
	if (significantDecimals(amount) > currency.decimals)
		return cregisReply('E0007', 'Incorrect accuracy of the withdrawal amount');

	const reference = stringField(fields, 'third_party_id');
	if (!reference) return paramError('third_party_id');

	const callbackUrl = stringField(fields, 'callback_url');
	if (callbackUrl === false || (callbackUrl !== undefined && !isHttpUrl(callbackUrl)))
		return paramError('callback_url');

	const remark = stringField(fields, 'remark');
	if (remark === false || (remark !== undefined && [...remark].length > 256))
		return paramError('remark');

	const memo = stringField(fields, 'memo');
	if (memo === false || (memo !== undefined && !MEMO_CHAINS.has(currency.chainId)))
		return paramError('memo');
	if (
		memo !== undefined &&
		currency.chainId === '144' &&
		!(DIGITS.test(memo) && BigInt(memo) < XRP_TAG_LIMIT)
	) {
		return cregisReply(
			'E0032',
			'Memo content only supports numeric characters and must be less than 4294967295',
		);
	}

	// Last, so a duplicate is reported only for an otherwise valid request; nothing is recorded.
	if (state.ledger.hasReference(pid, reference))
		return cregisReply('E0009', 'Duplicate business number');

	const cid = state.ledger.newCid();
	state.ledger.addCregis({
		entry: {
			provider: 'cregis',
			id: cid,
			reference,
			address,
			currency: cregisCurrencyId(currency),
			network: currency.network,
			amount,
			memo,
			description: remark,
			callbackUrl,
			status: 0,
			createdAt: Date.now(),
		},
		networkId: currency.network,
		symbol: currency.symbol,
		pid,
		chainId: currency.chainId,
		tokenId: currency.tokenId,
	});
	// Written by hand: the cid is above 2^53 and must reach the client digit for digit, unquoted.
	return success(`{"cid":${cid}}`);
}

function queryPayout(state: SandboxState, auth: Authenticated): Reply {
	const cidText = integerText(auth.fields.get('cid'));
	if (cidText === undefined) return paramError('cid');
	const record = state.ledger.getCregis(BigInt(cidText).toString());
	if (!record || record.pid !== auth.pid) return cregisReply('E0015', 'Item order does not exist');
	return success(cregisPayoutJson(record));
}

/** Payout query data (§4); pid and cid as bare integer literals. */
export function cregisPayoutJson(record: PayoutRecord): string {
	const entry = record.entry;
	const s = JSON.stringify;
	return (
		`{"pid":${record.pid},"cid":${entry.id},"chain_id":${s(record.chainId)},"token_id":${s(record.tokenId)},` +
		`"currency":${s(record.symbol)},"from_address":${s(CREGIS_PROJECT_ADDRESSES[record.chainId!] ?? '')},` +
		`"address":${s(entry.address)},"amount":${s(entry.amount)},"status":${entry.status},` +
		`"third_party_id":${s(entry.reference)},"remark":${s(entry.description ?? '')},"memo":${s(entry.memo ?? '')},` +
		`"txid":${s(entry.txHash ?? '')},"block_height":${s(record.blockHeight ?? '')},"block_time":${record.blockTime ?? 'null'}}`
	);
}

function checkAddress(auth: Authenticated, kind: 'legal' | 'inner'): Reply {
	const address = stringField(auth.fields, 'address');
	if (!address) return paramError('address');
	const chainId = integerText(auth.fields.get('chain_id'));
	if (chainId === undefined) return paramError('chain_id');
	const network = cregisChainNetwork(chainId);
	if (!network) return cregisReply('E0005', 'Unsupported coin');
	const result =
		kind === 'legal' ? isPlausibleAddress(address, network) : isProjectAddress(address, chainId);
	return success(`{"result":${result}}`);
}

const COINS_DATA_JSON = JSON.stringify({
	payout_coins: CREGIS_CURRENCIES.map((entry) => ({
		coin_name: entry.name,
		chain_id: entry.chainId,
		token_id: entry.tokenId,
	})),
	order_coins: [],
	address_coins: [],
});
