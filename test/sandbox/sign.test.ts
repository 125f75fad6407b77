import { createHash } from 'crypto';
import { cregisSigningString, signCregisFields } from '../../sandbox/cregis-sign';
import { parseRawObject, type RawValue } from '../../sandbox/raw-json';

/**
 * The sandbox's Cregis signer against the documented test vectors TV1–TV7 (cregis-api.md §2.3).
 * Inputs are the JSON bodies as the reference prints them, read with the sandbox's own reader,
 * which is how the sandbox meets them on the wire: int64s as bare literals, money as strings.
 */
const KEY = 'f502a9ac9ca54327986f29c03b271491';

const TV1 =
	'{"pid":1382528827416576,"currency":"195@195","address":"TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS","amount":"1.1","remark":"payout",' +
	'"third_party_id":"c9231e604da54469a735af3f449c880f","callback_url":"http://192.168.2.29:9099/callback","nonce":"hwlkk6","timestamp":1688004243314}';
const TV3 =
	'{"pid":1382528827416576,"cid":1382626461605888,"nonce":"sw7kv5","timestamp":1687853722065}';
const TV4 =
	'{"pid":1382528827416576,"address":"TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS","chain_id":"195","nonce":"m8jisx","timestamp":1687848653294}';

function fields(json: string): Map<string, RawValue> {
	const parsed = parseRawObject(json);
	if (!parsed) throw new Error(`Not a JSON object: ${json}`);
	return parsed;
}

/** The vector's body with some fields replaced, keeping each field's JSON type. */
function withFields(json: string, changes: Record<string, string>): Map<string, RawValue> {
	const result = fields(json);
	for (const [key, value] of Object.entries(changes)) {
		const old = result.get(key);
		result.set(
			key,
			old?.type === 'number'
				? { type: 'number', literal: value, kind: 'integer' }
				: { type: 'string', value },
		);
	}
	return result;
}

describe('sandbox Cregis signer: documented test vectors', () => {
	it('TV1: payout create, signing string and sign', () => {
		expect(cregisSigningString(fields(TV1))).toBe(
			'addressTXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FSamount1.1callback_urlhttp://192.168.2.29:9099/callbackcurrency195@195' +
				'noncehwlkk6pid1382528827416576remarkpayoutthird_party_idc9231e604da54469a735af3f449c880ftimestamp1688004243314',
		);
		expect(signCregisFields(fields(TV1), KEY)).toBe('d6eef2de79e39f434a38efb910213ba6');
	});

	it("TV2: the older docs' step-2 string", () => {
		const tv2 = withFields(TV1, {
			nonce: 'mb8udu',
			third_party_id: '19faf9d3c8f34caf926f332f3021e887',
			timestamp: '1688003966801',
		});
		expect(cregisSigningString(tv2)).toBe(
			'addressTXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FSamount1.1callback_urlhttp://192.168.2.29:9099/callbackcurrency195@195' +
				'noncemb8udupid1382528827416576remarkpayoutthird_party_id19faf9d3c8f34caf926f332f3021e887timestamp1688003966801',
		);
		expect(signCregisFields(tv2, KEY)).toBe('c9bae061ae3f5f8d3bfde817f6966c36');
	});

	it('TV3: payout query', () => {
		expect(cregisSigningString(fields(TV3))).toBe(
			'cid1382626461605888noncesw7kv5pid1382528827416576timestamp1687853722065',
		);
		expect(signCregisFields(fields(TV3), KEY)).toBe('af825ddb839e6796d62977caf18d3394');
	});

	it('TV4: address legal', () => {
		expect(cregisSigningString(fields(TV4))).toBe(
			'addressTXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FSchain_id195noncem8jisxpid1382528827416576timestamp1687848653294',
		);
		expect(signCregisFields(fields(TV4), KEY)).toBe('cebd2bfd56766f1143dc40d078b64dac');
	});

	it('TV5: address inner', () => {
		const tv5 = withFields(TV4, { nonce: 'tvccuh', timestamp: '1687849472174' });
		expect(cregisSigningString(tv5)).toBe(
			'addressTXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FSchain_id195noncetvccuhpid1382528827416576timestamp1687849472174',
		);
		expect(signCregisFields(tv5, KEY)).toBe('48036043999446485fe0d20a838a00dc');
	});

	it('TV6: TV1 with another callback URL', () => {
		expect(
			signCregisFields(withFields(TV1, { callback_url: 'https://your-domain.com/callback' }), KEY),
		).toBe('f76fb193e9d34d2e59fef64e3418f79b');
	});

	it('TV7: TV3 plus an empty remark and a null memo, which are left out', () => {
		const tv7 = fields(
			'{"pid":1382528827416576,"cid":1382626461605888,"nonce":"sw7kv5","timestamp":1687853722065,"remark":"","memo":null}',
		);
		expect(cregisSigningString(tv7)).toBe(cregisSigningString(fields(TV3)));
		expect(signCregisFields(tv7, KEY)).toBe('af825ddb839e6796d62977caf18d3394');
	});
});

describe('sandbox Cregis signer: rules the vectors do not show', () => {
	it('leaves out the sign field itself', () => {
		expect(
			signCregisFields(
				fields(TV3.replace('}', ',"sign":"af825ddb839e6796d62977caf18d3394"}')),
				KEY,
			),
		).toBe('af825ddb839e6796d62977caf18d3394');
	});

	it('signs an int64 sent as a digit string like the same number', () => {
		const quoted = fields(
			'{"pid":"1382528827416576","cid":"1382626461605888","nonce":"sw7kv5","timestamp":"1687853722065"}',
		);
		expect(signCregisFields(quoted, KEY)).toBe('af825ddb839e6796d62977caf18d3394');
	});

	it('keeps every digit of an integer above 2^53 and the literal form of a number', () => {
		expect(cregisSigningString(fields('{"cid":9007199254740993}'))).toBe('cid9007199254740993');
		expect(cregisSigningString(fields('{"amount":1.10}'))).toBe('amount1.10');
	});

	it('signs 0 and whitespace, and sorts by code unit rather than by locale', () => {
		expect(cregisSigningString(fields('{"b":0,"a":" ","B":"x"}'))).toBe('Bxa b0');
		// A key that is a prefix of another sorts first (the docs' sigh < sight).
		expect(cregisSigningString(fields('{"sight":"2","sigh":"1"}'))).toBe('sigh1sight2');
	});

	it('hashes the UTF-8 bytes of a non-ASCII remark', () => {
		const text = `${KEY}remarkZahlung für März`;
		const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
		const sign = signCregisFields(fields('{"remark":"Zahlung für März"}'), KEY);
		expect(sign).toBe(md5(Buffer.from(text, 'utf8')));
		expect(sign).not.toBe(md5(Buffer.from(text, 'latin1')));
	});

	it('refuses nested values instead of guessing their text', () => {
		expect(() => signCregisFields(fields('{"pid":1,"data":{"a":1}}'), KEY)).toThrow(
			/nested field "data"/,
		);
	});
});
