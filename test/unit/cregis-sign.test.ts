import {
	buildCregisSigningString,
	signCregisBody,
} from '../../nodes/CryptoPayout/providers/cregis/sign';
import {
	serializeCregisBody,
	signCregisRequest,
} from '../../nodes/CryptoPayout/providers/cregis/request';
import { parseJsonLossless } from '../../nodes/CryptoPayout/shared/json';

// Test vectors TV1–TV7 from the Cregis reference (cregis-api.md §2.3), all with this doc key.
const KEY = 'f502a9ac9ca54327986f29c03b271491';
const TV1 = {
	pid: 1382528827416576,
	currency: '195@195',
	address: 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS',
	amount: '1.1',
	remark: 'payout',
	third_party_id: 'c9231e604da54469a735af3f449c880f',
	callback_url: 'http://192.168.2.29:9099/callback',
	nonce: 'hwlkk6',
	timestamp: 1688004243314,
};
const TV3 = {
	pid: 1382528827416576,
	cid: 1382626461605888,
	nonce: 'sw7kv5',
	timestamp: 1687853722065,
};

describe('signCregisBody (documented test vectors)', () => {
	it('TV1: payout create, signing string and sign', () => {
		expect(buildCregisSigningString(TV1)).toBe(
			'addressTXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FSamount1.1callback_urlhttp://192.168.2.29:9099/callbackcurrency195@195noncehwlkk6pid1382528827416576remarkpayoutthird_party_idc9231e604da54469a735af3f449c880ftimestamp1688004243314',
		);
		expect(signCregisBody(TV1, KEY)).toBe('d6eef2de79e39f434a38efb910213ba6');
	});

	it('TV2: the older docs example', () => {
		const tv2 = {
			...TV1,
			nonce: 'mb8udu',
			third_party_id: '19faf9d3c8f34caf926f332f3021e887',
			timestamp: 1688003966801,
		};
		expect(signCregisBody(tv2, KEY)).toBe('c9bae061ae3f5f8d3bfde817f6966c36');
	});

	it('TV3: payout query', () => {
		expect(buildCregisSigningString(TV3)).toBe(
			'cid1382626461605888noncesw7kv5pid1382528827416576timestamp1687853722065',
		);
		expect(signCregisBody(TV3, KEY)).toBe('af825ddb839e6796d62977caf18d3394');
	});

	it('TV4 and TV5: address legal and inner', () => {
		const legal = {
			pid: 1382528827416576,
			address: 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS',
			chain_id: '195',
			nonce: 'm8jisx',
			timestamp: 1687848653294,
		};
		expect(signCregisBody(legal, KEY)).toBe('cebd2bfd56766f1143dc40d078b64dac');
		expect(signCregisBody({ ...legal, nonce: 'tvccuh', timestamp: 1687849472174 }, KEY)).toBe(
			'48036043999446485fe0d20a838a00dc',
		);
	});

	it('TV6: TV1 with another callback URL', () => {
		expect(signCregisBody({ ...TV1, callback_url: 'https://your-domain.com/callback' }, KEY)).toBe(
			'f76fb193e9d34d2e59fef64e3418f79b',
		);
	});

	it('TV7: empty and null values are left out', () => {
		expect(signCregisBody({ ...TV3, remark: '', memo: null, sign: 'ignored' }, KEY)).toBe(
			'af825ddb839e6796d62977caf18d3394',
		);
	});

	it('signs int64 values given as digit strings exactly like numbers, keeping every digit', () => {
		expect(signCregisBody({ ...TV3, pid: '1382528827416576', cid: '1382626461605888' }, KEY)).toBe(
			'af825ddb839e6796d62977caf18d3394',
		);
		expect(buildCregisSigningString({ cid: '9007199254740993' })).toBe('cid9007199254740993');
	});

	it('signs 0 and whitespace, and sorts by code unit rather than locale', () => {
		expect(buildCregisSigningString({ b: 0, a: ' ', B: 'x' })).toBe('Bxa b0');
	});
});

describe('signCregisRequest (the credential authenticate)', () => {
	const credentials = {
		baseUrl: 'http://127.0.0.1:9/cregis',
		projectId: '1382528827416576',
		apiKey: KEY,
	};

	it('adds pid, nonce, timestamp and a valid sign, and writes int64 fields as bare literals', () => {
		const options = signCregisRequest(
			credentials,
			{ url: '/api/v1/payout/query', method: 'POST', body: { cid: '9007199254740993' } },
			() => 1700000000000,
		);
		expect(options.baseURL).toBe('http://127.0.0.1:9/cregis');
		const text = options.body as string;
		expect(text).toContain('"cid":9007199254740993');
		expect(text).toContain('"pid":1382528827416576');
		expect(text).toContain('"timestamp":1700000000000');
		const sent = parseJsonLossless(text) as Record<string, unknown>;
		expect(sent.nonce).toMatch(/^[A-Za-z0-9]{6}$/);
		expect(sent.cid).toBe('9007199254740993');
		expect(sent.sign).toBe(signCregisBody(sent, KEY));
		expect(text).not.toContain(KEY);
	});

	it('uses a fresh nonce for every request', () => {
		const nonces = new Set(
			Array.from(
				{ length: 50 },
				() =>
					(
						parseJsonLossless(
							signCregisRequest(credentials, { url: '/x', body: {} }).body as string,
						) as { nonce: string }
					).nonce,
			),
		);
		expect(nonces.size).toBeGreaterThan(45);
	});

	it('refuses plain http to a non-loopback host and a non-numeric project id', () => {
		expect(() =>
			signCregisRequest(
				{ ...credentials, baseUrl: 'http://t-abc.cregis.io' },
				{ url: '/x', body: {} },
			),
		).toThrow(/https/);
		expect(() =>
			signCregisRequest({ ...credentials, projectId: '12ab' }, { url: '/x', body: {} }),
		).toThrow(/digits/);
	});

	it('serializes strings as strings (amount stays "1.10")', () => {
		expect(serializeCregisBody({ amount: '1.10', pid: '5' })).toBe('{"amount":"1.10","pid":5}');
	});
});
