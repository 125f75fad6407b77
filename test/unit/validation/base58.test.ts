import {
	base58CheckDecode,
	base58CheckEncode,
	base58Decode,
	base58Encode,
	BITCOIN_ALPHABET,
	RIPPLE_ALPHABET,
} from '../../../nodes/CryptoPayout/validation/base58';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'ascii'));

describe('base58 (Bitcoin alphabet)', () => {
	// Test vectors of the IETF draft "The Base58 Encoding Scheme" (draft-msporny-base58, section 5).
	const draftVectors: Array<[Uint8Array, string]> = [
		[ascii('Hello World!'), '2NEpo7TZRRrLZSi2U'],
		[
			ascii('The quick brown fox jumps over the lazy dog.'),
			'USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z',
		],
		[fromHex('0000287fb4cd'), '11233QC4'],
	];

	it.each(draftVectors)('encodes and decodes the draft-msporny-base58 vector %#', (bytes, text) => {
		expect(base58Encode(bytes)).toBe(text);
		const decoded = base58Decode(text);
		expect(decoded.ok && hex(decoded.bytes)).toBe(hex(bytes));
	});

	it('keeps leading zero bytes as leading "1" digits', () => {
		expect(base58Encode(new Uint8Array(3))).toBe('111');
		const decoded = base58Decode('111');
		expect(decoded.ok && decoded.bytes.length).toBe(3);
		expect(base58Encode(new Uint8Array(0))).toBe('');
	});

	it('reports the first character outside the alphabet with its position', () => {
		expect(base58Decode('12O4')).toEqual({ ok: false, invalidCharacter: 'O', position: 2 });
		expect(base58Decode('abc0')).toEqual({ ok: false, invalidCharacter: '0', position: 3 });
		expect(base58Decode('abcé')).toEqual({ ok: false, invalidCharacter: 'é', position: 3 });
	});

	it('round-trips every byte length from 0 to 64', () => {
		for (let length = 0; length <= 64; length++) {
			const bytes = new Uint8Array(length);
			for (let index = 0; index < length; index++) bytes[index] = (index * 97 + length * 13) & 0xff;
			if (length > 2) bytes[0] = 0;
			const decoded = base58Decode(base58Encode(bytes));
			expect(decoded.ok && hex(decoded.bytes)).toBe(hex(bytes));
		}
	});
});

describe('base58check', () => {
	// bitcoinjs-lib test/fixtures/base58.js and test/fixtures/address.js ("pubKeyHash (bitcoin)").
	it('decodes the bitcoinjs-lib fixture 1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH', () => {
		const decoded = base58CheckDecode('1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH');
		expect(decoded.ok && hex(decoded.payload)).toBe('00751e76e8199196d454941c45d1b3a323f1433bd6');
		expect(base58CheckEncode(fromHex('00751e76e8199196d454941c45d1b3a323f1433bd6'))).toBe(
			'1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH',
		);
		const raw = base58Decode('1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH');
		expect(raw.ok && hex(raw.bytes)).toBe('00751e76e8199196d454941c45d1b3a323f1433bd6510d1634');
	});

	it('decodes the Bitcoin genesis address to version 0 and its hash160', () => {
		const decoded = base58CheckDecode('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa');
		expect(decoded.ok && hex(decoded.payload)).toBe('0062e907b15cbf27d5425399ebf6f0fb50ebb88f18');
	});

	it('detects a changed character as a checksum mismatch', () => {
		expect(base58CheckDecode('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb')).toEqual({
			ok: false,
			error: 'checksum-mismatch',
		});
		expect(base58CheckDecode('1111')).toEqual({ ok: false, error: 'too-short' });
	});

	// XRPL documentation, "Special Addresses": ACCOUNT_ZERO and ACCOUNT_ONE in the Ripple alphabet.
	it('uses the Ripple alphabet for XRP account ids', () => {
		expect(base58CheckEncode(new Uint8Array(21), RIPPLE_ALPHABET)).toBe(
			'rrrrrrrrrrrrrrrrrrrrrhoLvTp',
		);
		const one = new Uint8Array(21);
		one[20] = 1;
		expect(base58CheckEncode(one, RIPPLE_ALPHABET)).toBe('rrrrrrrrrrrrrrrrrrrrBZbvji');
		const decoded = base58CheckDecode('rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh', RIPPLE_ALPHABET);
		expect(decoded.ok && decoded.payload.length).toBe(21);
		expect(base58CheckDecode('rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh', BITCOIN_ALPHABET).ok).toBe(
			false,
		);
	});
});
