/** The two redaction rules (shared/redact.ts) and where they apply (PayoutFailure, parseReplyObject). */
import { PayoutFailure } from '../../nodes/CryptoPayout/shared/errors';
import {
	redactHexRuns,
	redactParsed,
	redactSecrets,
	secretPattern,
} from '../../nodes/CryptoPayout/shared/redact';
import { parseReplyObject } from '../../nodes/CryptoPayout/shared/reply';

const KEY = 'sandbox-oxapay-payout-key-0000';
const HEX32 = 'f502a9ac9ca54327986f29c03b271491';
const TX = '6dd05b0972075542219a3fcc116c58feaf9480f1f698cc46c4367ded83955cfd';

describe('rule 1: the credential secrets, everywhere', () => {
	const pattern = secretPattern([KEY, HEX32, 'short', undefined, 42]);

	it('removes each secret in any letter case, and nothing else', () => {
		expect(redactSecrets(`a ${KEY} b ${HEX32.toUpperCase()} c short`, pattern)).toBe(
			'a [redacted] b [redacted] c short',
		);
	});

	it('leaves values too short to be a key alone (they would match ordinary data)', () => {
		expect(secretPattern(['1234567', ''])).toBeUndefined();
		expect(redactSecrets('1234567', undefined)).toBe('1234567');
	});

	it('reaches secrets spelled with JSON escapes, in values and keys, and keeps __proto__ an own key', () => {
		const escaped = `{"a":"\\u0073andbox-oxapay-payout-key-0000","\\u0073andbox-oxapay-payout-key-0000":1,"__proto__":{"x":"${KEY}"}}`;
		const parsed = parseReplyObject({
			statusCode: 200,
			headers: {},
			body: escaped,
			secrets: pattern,
		});
		expect(JSON.stringify(parsed)).not.toContain(KEY);
		expect(parsed).toEqual({
			a: '[redacted]',
			'[redacted]': 1,
			['__proto__']: { x: '[redacted]' },
		});
		expect(Object.getPrototypeOf(redactParsed({ a: 1 }, pattern))).toBe(Object.prototype);
	});
});

describe('rule 2: hex-shaped runs in free text', () => {
	it.each([
		[`key ${HEX32}`, 'key [redacted]'],
		[`sig=${'ab'.repeat(64)};`, 'sig=[redacted];'],
		[`tx ${TX}.`, 'tx [redacted].'],
		// not stand-alone: an EVM address, a longer word, or too short
		[
			'to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
			'to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
		],
		[`id${HEX32}`, `id${HEX32}`],
		['abc123 deadbeef', 'abc123 deadbeef'],
	])('%p → %p', (text, expected) => {
		expect(redactHexRuns(text)).toBe(expected);
	});

	it("applies to a provider failure's every text, not to the node's own validation messages", () => {
		const provider = new PayoutFailure(`X_${HEX32}`, `refused ${HEX32}`, {
			kind: 'provider',
			description: `see ${TX}`,
			field: HEX32,
			providerCode: HEX32,
		});
		expect(provider).toMatchObject({
			code: 'X_[redacted]',
			message: 'refused [redacted]',
			description: 'see [redacted]',
			field: '[redacted]',
			providerCode: '[redacted]',
		});
		// a validation failure keeps its text: it quotes what the operator typed
		expect(new PayoutFailure('C', `a ${TX}`).message).toBe(`a ${TX}`);
	});
});
