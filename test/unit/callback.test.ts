/** Callback checks below the trigger: the key count taken before parsing, and Cregis's delivery keys. */
import { verifyCregisCallback } from '../../nodes/CryptoPayout/providers/cregis/callback';
import { signCregisBody } from '../../nodes/CryptoPayout/providers/cregis/sign';
import {
	hasMoreKeysThan,
	MAX_CALLBACK_FIELDS,
	parseCallbackObject,
} from '../../nodes/CryptoPayout/shared/callback';
import { stringifyJson, JsonNumberLiteral } from '../../nodes/CryptoPayout/shared/json';

describe('hasMoreKeysThan', () => {
	it.each([
		['{"a":1,"b":{"c":2}}', 2, true],
		['{"a":1,"b":{"c":2}}', 3, false],
		// a colon inside a string, after an escaped quote, is no key
		['{"a":"x:y","b":"say \\"k:v\\"","c\\"::":1}', 3, false],
		['{"a":"\\\\","b":1}', 1, true],
		['[1,2,3]', 0, false],
	])('%s with limit %i: %p', (text, limit, expected) => {
		expect(hasMoreKeysThan(Buffer.from(text), limit)).toBe(expected);
	});

	it('parseCallbackObject refuses a many-key body with 413 before parsing it', () => {
		const keys = Array.from({ length: MAX_CALLBACK_FIELDS + 1 }, (_, i) => `"k${i}":1`);
		expect(parseCallbackObject(Buffer.from(`{${keys.join(',')}}`))).toEqual({
			refusal: { accepted: false, httpCode: 413, reason: 'Too many fields' },
		});
		expect(parseCallbackObject(Buffer.from(`{${keys.slice(1).join(',')}}`))).toHaveProperty('body');
	});
});

describe('verifyCregisCallback', () => {
	const apiKey = 'f502a9ac9ca54327986f29c03b271491';
	const now = 1_800_000_000_000;
	const fields = {
		pid: new JsonNumberLiteral('1382528827416576'),
		cid: new JsonNumberLiteral('9007199254740993'),
		chain_id: '195',
		token_id: '195',
		currency: 'TRX',
		address: 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS',
		amount: '1.5',
		third_party_id: 'INV-1',
		status: new JsonNumberLiteral('6'),
		txid: 'ab'.repeat(32),
		nonce: 'ubqso3',
		timestamp: new JsonNumberLiteral(String(now)),
	};
	const check = { apiKey, projectId: '1382528827416576', now, maxAgeMs: 600_000 };

	it('names its signature as a delivery key of its own', () => {
		const sign = signCregisBody(fields, apiKey);
		const verdict = verifyCregisCallback(Buffer.from(stringifyJson({ ...fields, sign })), check);
		expect(verdict).toMatchObject({
			accepted: true,
			payoutId: '9007199254740993',
			status: '6',
			replayKeys: [`sign:${sign}`],
		});
	});

	it('keeps the signature key lower case, whatever case the body sends', () => {
		const sign = signCregisBody(fields, apiKey);
		const verdict = verifyCregisCallback(
			Buffer.from(stringifyJson({ ...fields, sign: sign.toUpperCase() })),
			check,
		);
		expect(verdict).toMatchObject({ accepted: true, replayKeys: [`sign:${sign}`] });
	});
});
