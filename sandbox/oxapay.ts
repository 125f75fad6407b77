/**
 * OxaPay v1 payout endpoints under `/oxapay/v1` (reference: oxapay-api.md). Every reply is the v1
 * envelope with the HTTP status equal to the envelope's `status`. Validation follows the documented
 * schema and is stricter where the docs are silent: unknown fields are refused (they are usually
 * typos), `amount` must be a JSON number literal without an exponent and within the asset's
 * decimals, and amounts are compared as exact decimals.
 */
import { compareDecimal, DECIMAL_PATTERN, parseDecimal, significantDecimals } from './decimal';
import {
	isHttpUrl,
	isJsonContentType,
	jsonReply,
	parseQuery,
	type ProviderRequest,
	type Reply,
} from './http';
import type { PayoutRecord } from './ledger';
import {
	CURRENCIES_DATA_JSON,
	findOxapayCurrency,
	findOxapayNetwork,
	NETWORKS_DATA_JSON,
	OXAPAY_CATALOG,
	networkMatchesFilter,
	type OxapayNetwork,
} from './oxapay-catalog';
import { parseRawObject, type RawValue } from './raw-json';
import type { SandboxState } from './state';

export const OXAPAY_VERSION = '1.0.0';
const OK_MESSAGE = 'Operation completed successfully!';

export interface OxapayError {
	type: string;
	key: string;
	message: string;
}

export function oxapayEnvelope(
	status: number,
	dataJson: string,
	message: string,
	error?: OxapayError,
): Reply {
	const errorJson = error ? JSON.stringify(error) : '{}';
	return jsonReply(
		status,
		`{"data":${dataJson},"message":${JSON.stringify(message)},"error":${errorJson},"status":${status},"version":"${OXAPAY_VERSION}"}`,
	);
}

export function oxapayError(status: number, type: string, key: string, message: string): Reply {
	return oxapayEnvelope(status, '{}', message, { type, key, message });
}

const invalid = (key: string, message: string): Reply =>
	oxapayError(400, 'validation', key, message);
const ok = (dataJson: string): Reply => oxapayEnvelope(200, dataJson, OK_MESSAGE);

const PAYOUT_FIELDS = new Set([
	'address',
	'currency',
	'amount',
	'network',
	'callback_url',
	'memo',
	'description',
]);
const TRACK_ID_PATH = /^\/payout\/([^/]+)$/;

export function handleOxapay(state: SandboxState, req: ProviderRequest): Reply {
	const { method, path } = req;
	if (path === '/common/currencies' || path === '/common/networks') {
		if (method !== 'GET') return oxapayError(405, 'method', 'method', 'Method not allowed');
		return ok(path === '/common/currencies' ? CURRENCIES_DATA_JSON : NETWORKS_DATA_JSON);
	}
	const trackMatch = TRACK_ID_PATH.exec(path);
	if (path !== '/payout' && !trackMatch) return oxapayError(404, 'not_found', 'path', 'Not found');
	if (trackMatch ? method !== 'GET' : method !== 'GET' && method !== 'POST') {
		return oxapayError(405, 'method', 'method', 'Method not allowed');
	}

	const key = req.headers['payout_api_key'];
	if (typeof key !== 'string' || !state.oxapayKeys.has(key)) {
		// Never echo the key back, not even a prefix.
		return oxapayError(401, 'authentication', 'payout_api_key', 'Invalid payout API key');
	}
	if (trackMatch) return payoutInfo(state, key, decodeURIComponentSafe(trackMatch[1]));
	if (method === 'POST') return createPayout(state, key, req);
	return payoutHistory(state, key, req.search);
}

function decodeURIComponentSafe(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/** Laravel (which OxaPay's messages suggest) turns "" into null, and nullable fields accept null. */
function isAbsent(value: RawValue | undefined): boolean {
	return (
		value === undefined || value.type === 'null' || (value.type === 'string' && value.value === '')
	);
}

function optionalString(fields: Map<string, RawValue>, key: string): string | Reply | undefined {
	const value = fields.get(key);
	if (isAbsent(value)) return undefined;
	if (value!.type !== 'string')
		return invalid(key, `The ${key.replace('_', ' ')} must be a string.`);
	return value!.value;
}

function createPayout(state: SandboxState, apiKey: string, req: ProviderRequest): Reply {
	if (!isJsonContentType(req.headers['content-type'])) {
		return invalid('content_type', 'The Content-Type header must be application/json.');
	}
	const fields = parseRawObject(req.rawBody);
	if (!fields) return invalid('body', 'The request body must be a JSON object.');
	for (const name of fields.keys()) {
		if (!PAYOUT_FIELDS.has(name)) return invalid(name, `The ${name} field is not allowed.`);
	}

	const address = fields.get('address');
	if (isAbsent(address)) return invalid('address', 'The address field is required.');
	if (address!.type !== 'string') return invalid('address', 'The address must be a string.');
	if (address!.value.trim() === '') return invalid('address', 'The address field is required.');

	const currencyValue = fields.get('currency');
	if (isAbsent(currencyValue)) return invalid('currency', 'The currency field is required.');
	if (currencyValue!.type !== 'string')
		return invalid('currency', 'The currency must be a string.');
	const currency = findOxapayCurrency(currencyValue!.value.trim());
	if (!currency) return invalid('currency', 'Invalid currency');

	const networkValue = fields.get('network');
	let network: OxapayNetwork | undefined;
	if (isAbsent(networkValue)) {
		if (currency.networks.length > 1) {
			return invalid('network', `The network field is required for ${currency.symbol}.`);
		}
		network = currency.networks[0];
	} else {
		if (networkValue!.type !== 'string') return invalid('network', 'The network must be a string.');
		network = findOxapayNetwork(currency, networkValue!.value);
		if (!network) return invalid('network', 'Invalid network');
	}

	const amount = fields.get('amount');
	if (isAbsent(amount)) return invalid('amount', 'The amount field is required.');
	if (amount!.type !== 'number') return invalid('amount', 'The amount must be a number.');
	if (amount!.kind === 'exponent')
		return invalid('amount', 'The amount must be a plain decimal number, without an exponent.');
	const literal = amount!.literal;
	const value = parseDecimal(literal)!;
	if (value.units <= 0n) return invalid('amount', 'The amount must be greater than 0.');
	if (significantDecimals(literal) > network.decimals) {
		return invalid(
			'amount',
			`The amount may have at most ${network.decimals} decimal places for ${currency.symbol}.`,
		);
	}
	if (compareDecimal(value, parseDecimal(network.withdrawMin)!) < 0) {
		return invalid('amount', 'Amount is below the minimum limit');
	}

	const callbackUrl = optionalString(fields, 'callback_url');
	if (typeof callbackUrl === 'object') return callbackUrl;
	if (callbackUrl !== undefined && !isHttpUrl(callbackUrl)) {
		return invalid('callback_url', 'The callback url must be a valid http(s) URL.');
	}
	const memo = optionalString(fields, 'memo');
	if (typeof memo === 'object') return memo;
	const description = optionalString(fields, 'description');
	if (typeof description === 'object') return description;

	const trackId = state.ledger.newTrackId();
	state.ledger.addOxapay({
		entry: {
			provider: 'oxapay',
			id: trackId,
			address: address!.value,
			currency: currency.symbol,
			network: network.key,
			amount: literal,
			memo,
			description,
			callbackUrl,
			status: 'processing',
			createdAt: Date.now(),
			fee: network.withdrawFee,
		},
		networkId: network.networkId,
		symbol: currency.symbol,
		apiKey,
		oxapayNetworkKey: network.key,
	});
	return ok(`{"track_id":"${trackId}","status":"processing"}`);
}

function networkOf(record: PayoutRecord): OxapayNetwork {
	const currency = OXAPAY_CATALOG.get(record.symbol)!;
	return currency.networks.find((network) => network.key === record.oxapayNetworkKey)!;
}

/** Payout info as §2a shows it; amount and fee are the exact literals, written bare. */
export function oxapayPayoutJson(record: PayoutRecord): string {
	const entry = record.entry;
	return (
		`{"track_id":"${entry.id}","address":${JSON.stringify(entry.address)},"currency":"${entry.currency}",` +
		`"network":${JSON.stringify(networkOf(record).displayName)},"amount":${entry.amount},"fee":${entry.fee ?? '0'},` +
		`"status":${JSON.stringify(entry.status)},"tx_hash":${JSON.stringify(entry.txHash ?? '')},` +
		`"description":${JSON.stringify(entry.description ?? '')},"internal":false,"memo":${JSON.stringify(entry.memo ?? '')},` +
		`"date":${Math.floor(entry.createdAt / 1000)}}`
	);
}

export function oxapayDisplayNetwork(record: PayoutRecord): string {
	return networkOf(record).displayName;
}

function payoutInfo(state: SandboxState, apiKey: string, trackId: string): Reply {
	const record = state.ledger.getOxapay(trackId);
	// A payout made with another key belongs to another account: not found, as for any unknown id.
	if (!record || record.apiKey !== apiKey)
		return oxapayError(404, 'not_found', 'track_id', 'Payout not found');
	return ok(oxapayPayoutJson(record));
}

const SORT_BY = new Set(['create_date', 'pay_date', 'amount']);
const DIGITS = /^\d+$/;

interface HistoryFilter {
	status?: string;
	type?: string;
	currency?: string;
	network?: string;
	address?: string;
	fromAmount?: ReturnType<typeof parseDecimal>;
	toAmount?: ReturnType<typeof parseDecimal>;
	fromDate?: number;
	toDate?: number;
}

function payoutHistory(state: SandboxState, apiKey: string, search: string): Reply {
	const query = parseQuery(search);
	const param = (name: string): string | undefined =>
		query[name] === undefined || query[name] === '' ? undefined : query[name];

	const size = param('size') ?? '10';
	if (!DIGITS.test(size) || Number(size) < 1 || Number(size) > 200)
		return invalid('size', 'The size must be between 1 and 200.');
	const page = param('page') ?? '1';
	if (!DIGITS.test(page) || Number(page) < 1)
		return invalid('page', 'The page must be at least 1.');
	const sortBy = param('sort_by') ?? 'create_date';
	if (!SORT_BY.has(sortBy)) return invalid('sort_by', 'The selected sort by is invalid.');
	const sortType = param('sort_type') ?? 'desc';
	if (sortType !== 'asc' && sortType !== 'desc')
		return invalid('sort_type', 'The selected sort type is invalid.');

	const filter: HistoryFilter = {
		status: param('status')?.toLowerCase(),
		currency: param('currency')?.toUpperCase(),
		network: param('network'),
		address: param('address'),
	};
	const type = param('type');
	if (type !== undefined && type !== 'internal' && type !== 'external')
		return invalid('type', 'The selected type is invalid.');
	filter.type = type;
	for (const [name, target] of [
		['from_amount', 'fromAmount'],
		['to_amount', 'toAmount'],
	] as const) {
		const text = param(name);
		if (text === undefined) continue;
		if (!DECIMAL_PATTERN.test(text))
			return invalid(name, `The ${name.replace('_', ' ')} must be a number.`);
		filter[target] = parseDecimal(text);
	}
	for (const [name, target] of [
		['from_date', 'fromDate'],
		['to_date', 'toDate'],
	] as const) {
		const text = param(name);
		if (text === undefined) continue;
		if (!DIGITS.test(text))
			return invalid(name, `The ${name.replace('_', ' ')} must be an integer.`);
		filter[target] = Number(text);
	}

	const matches: PayoutRecord[] = [];
	for (const record of state.ledger.oxapayRecords()) {
		if (record.apiKey === apiKey && passes(record, filter)) matches.push(record);
	}
	const direction = sortType === 'asc' ? 1 : -1;
	if (sortBy === 'amount') {
		// Parse each amount once, not once per comparison.
		const amounts = new Map(matches.map((record) => [record, parseDecimal(record.entry.amount)!]));
		matches.sort(
			(a, b) =>
				direction *
				(compareDecimal(amounts.get(a)!, amounts.get(b)!) || compareIds(a.entry.id, b.entry.id)),
		);
	} else {
		matches.sort(
			(a, b) => direction * (sortKey(a, b, sortBy) || compareIds(a.entry.id, b.entry.id)),
		);
	}

	const pageSize = Number(size);
	const pageNumber = Number(page);
	const total = matches.length;
	const lastPage = Math.max(1, Math.ceil(total / pageSize));
	const list = matches
		.slice((pageNumber - 1) * pageSize, pageNumber * pageSize)
		.map(oxapayPayoutJson);
	return ok(
		`{"list":[${list.join(',')}],"meta":{"page":${pageNumber},"last_page":${lastPage},"total":${total}}}`,
	);
}

function passes(record: PayoutRecord, filter: HistoryFilter): boolean {
	const entry = record.entry;
	// Every sandbox payout is an on-chain (external) one.
	if (filter.type === 'internal') return false;
	if (filter.status !== undefined && entry.status !== filter.status) return false;
	if (filter.currency !== undefined && entry.currency !== filter.currency) return false;
	if (filter.address !== undefined && entry.address !== filter.address) return false;
	if (filter.network !== undefined && !networkMatchesFilter(networkOf(record), filter.network))
		return false;
	if (filter.fromAmount || filter.toAmount) {
		const amount = parseDecimal(entry.amount)!;
		if (filter.fromAmount && compareDecimal(amount, filter.fromAmount) < 0) return false;
		if (filter.toAmount && compareDecimal(amount, filter.toAmount) > 0) return false;
	}
	const seconds = Math.floor(entry.createdAt / 1000);
	if (filter.fromDate !== undefined && seconds < filter.fromDate) return false;
	if (filter.toDate !== undefined && seconds > filter.toDate) return false;
	return true;
}

function sortKey(a: PayoutRecord, b: PayoutRecord, sortBy: string): number {
	if (sortBy === 'pay_date') return (a.payDate ?? 0) - (b.payDate ?? 0);
	return a.entry.createdAt - b.entry.createdAt;
}

/** Digit strings compared as integers, so 258300010 sorts after 258300009. */
function compareIds(a: string, b: string): number {
	return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
