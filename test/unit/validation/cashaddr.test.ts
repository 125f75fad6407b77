import { validateAddress } from '../../../nodes/CryptoPayout/validation/address';
import { base58CheckDecode } from '../../../nodes/CryptoPayout/validation/base58';
import {
	decodeCashAddress,
	encodeCashAddress,
} from '../../../nodes/CryptoPayout/validation/cashaddr';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const MAINNET = { testnet: false };

function reasonOf(result: ReturnType<typeof validateAddress>): string {
	return result.valid ? '' : result.reason;
}

// CashAddr specification (bitcoincashorg/bitcoincash.org spec/cashaddr.md, "Examples of
// address translation"): legacy address and the CashAddr form of the same hash.
const SPEC_TRANSLATIONS: Array<[string, string]> = [
	['1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu', 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a'],
	['1KXrWXciRDZUpQwQmuM1DbwsKDLYAYsVLR', 'bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy'],
	['16w1D5WRVKJuZUsSRzdLp9w3YGcgoxDXb', 'bitcoincash:qqq3728yw0y47sqn6l2na30mcw6zm78dzqre909m2r'],
	['3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC', 'bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq'],
	['3LDsS579y7sruadqu11beEJoTjdFiFCdX4', 'bitcoincash:pr95sy3j9xwd2ap32xkykttr4cvcu7as4yc93ky28e'],
	['31nwvkZwyPdgzjBJZXfDmSWsC4ZLKpYyUw', 'bitcoincash:pqq3728yw0y47sqn6l2na30mcw6zm78dzq5ucqzc37'],
];

describe('CashAddr', () => {
	it.each(SPEC_TRANSLATIONS)('decodes %s and %s to the same hash and type', (legacy, cashaddr) => {
		const fromLegacy = base58CheckDecode(legacy);
		const fromCashAddr = decodeCashAddress(cashaddr, MAINNET);
		if (!fromLegacy.ok || !fromCashAddr.ok) throw new Error('spec vector did not decode');
		expect(hex(fromCashAddr.hash)).toBe(hex(fromLegacy.payload.subarray(1)));
		expect(fromCashAddr.type).toBe(fromLegacy.payload[0] === 0x00 ? 'p2pkh' : 'p2sh');
		expect(encodeCashAddress('bitcoincash', fromCashAddr.type, fromCashAddr.hash)).toBe(cashaddr);
	});

	it.each(SPEC_TRANSLATIONS.map(([, cashaddr]) => cashaddr))(
		'accepts %s with and without prefix and in upper case, keeping the input',
		(cashaddr) => {
			const withoutPrefix = cashaddr.slice('bitcoincash:'.length);
			for (const form of [
				cashaddr,
				withoutPrefix,
				cashaddr.toUpperCase(),
				withoutPrefix.toUpperCase(),
			]) {
				expect(validateAddress('bitcoin-cash', form)).toEqual({
					valid: true,
					address: form,
					warnings: [],
				});
			}
		},
	);

	// Same spec, "Larger test vectors": a 20-byte hash with type 0 / type 1 on other prefixes.
	it("decodes the spec's 20-byte vector and honours the prefix in the checksum", () => {
		const decoded = decodeCashAddress(
			'bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2',
			MAINNET,
		);
		expect(decoded.ok && hex(decoded.hash)).toBe('f5bf48b397dae70be82b3cca4793f8eb2b6cdac9');
		expect(
			reasonOf(
				validateAddress('bitcoin-cash', 'bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t'),
			),
		).toMatch(/testnet/);
		expect(
			validateAddress('bitcoin-cash', 'bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t', {
				testnet: true,
			}).valid,
		).toBe(true);
		expect(
			validateAddress('bitcoin-cash', 'pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t', {
				testnet: true,
			}).valid,
		).toBe(true);
		expect(
			reasonOf(validateAddress('bitcoin-cash', 'pref:pr6m7j9njldwwzlg9v7v53unlr4jkmx6ey65nvtks5')),
		).toMatch(/prefix "pref:" is not Bitcoin Cash/);
	});

	it('refuses hash sizes that no wallet uses, even with a valid checksum', () => {
		// Spec "Larger test vectors": a 24-byte hash, type 0.
		expect(
			reasonOf(
				validateAddress(
					'bitcoin-cash',
					'bitcoincash:q9adhakpwzztepkpwp5z0dq62m6u5v5xtyj7j3h2ws4mr9g0',
				),
			),
		).toMatch(/24-byte hash/);
	});

	it('accepts 32-byte P2SH (P2SH32) addresses', () => {
		const address = encodeCashAddress('bitcoincash', 'p2sh', new Uint8Array(32).fill(7));
		expect(validateAddress('bitcoin-cash', address).valid).toBe(true);
		expect(
			validateAddress(
				'bitcoin-cash',
				encodeCashAddress('bitcoincash', 'p2pkh', new Uint8Array(32).fill(7)),
			).valid,
		).toBe(false);
	});

	it('refuses mixed case and a one-character typo', () => {
		expect(
			reasonOf(
				validateAddress('bitcoin-cash', 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6A'),
			),
		).toMatch(/mixes upper-case/);
		expect(
			reasonOf(
				validateAddress('bitcoin-cash', 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6q'),
			),
		).toMatch(/checksum does not match/);
	});
});

describe('legacy Bitcoin Cash addresses', () => {
	it.each(SPEC_TRANSLATIONS.map(([legacy]) => legacy))(
		'accepts %s with a warning that it is also a BTC address',
		(legacy) => {
			const result = validateAddress('bitcoin-cash', legacy);
			expect(result.valid).toBe(true);
			if (result.valid) expect(result.warnings[0]).toMatch(/also a valid Bitcoin \(BTC\) address/);
		},
	);
});
