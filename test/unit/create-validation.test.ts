/**
 * Create Payout's checks that sit above the codecs: the Callback URL, the EVM checksum rule, the
 * address warnings carried on the validated payout, and the providers' own refusals (checkPayout).
 */
import {
	createRulesFrom,
	validateCreateInput,
	type CreateInput,
	type CreateRules,
} from '../../nodes/CryptoPayout/actions/create/validate-create';
import { cregisProvider } from '../../nodes/CryptoPayout/providers/cregis';
import { oxaPayProvider } from '../../nodes/CryptoPayout/providers/oxapay';
import type { PayoutProvider } from '../../nodes/CryptoPayout/providers/types';
import { isPayoutFailure, type PayoutFailure } from '../../nodes/CryptoPayout/shared/errors';

const GOOD: CreateInput = {
	reference: 'INV-1',
	address: 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS',
	amount: '12.5',
	currency: 'USDT',
	network: 'TRC20',
	memo: '',
	description: '',
	callbackUrl: '',
};
const PROVIDERS: Array<[string, PayoutProvider]> = [
	['oxapay', oxaPayProvider],
	['cregis', cregisProvider],
];
const WARN: CreateRules = { evmWithoutChecksum: 'warn' };

function refusal(provider: PayoutProvider, input: Partial<CreateInput>, rules?: CreateRules) {
	try {
		validateCreateInput(provider, { ...GOOD, ...input }, rules);
	} catch (error) {
		if (isPayoutFailure(error)) return error;
		throw error;
	}
	throw new Error('accepted');
}

describe.each(PROVIDERS)('%s: Callback URL', (_name, provider) => {
	it.each([
		'https://example.com/hook',
		'https://n8n.example.com:8443/webhook/abc',
		'http://localhost:5678/webhook/abc',
		'http://LOCALHOST/webhook',
		'http://127.0.0.1:5678/webhook/abc',
		'http://127.8.9.10/hook',
		'http://[::1]:5678/webhook/abc',
	])('accepts %s', (callbackUrl) => {
		expect(validateCreateInput(provider, { ...GOOD, callbackUrl }).callbackUrl).toBe(callbackUrl);
	});

	it.each([
		'http://example.com/hook',
		'http://169.254.169.254/latest/meta-data',
		'http://10.0.0.5/hook',
		'http://localhost.example.com/hook',
		'http://127.0.0.1.nip.io/hook',
		'http://[::ffff:127.0.0.1]/hook',
		'HTTP://example.com/hook',
	])('refuses plain http to %s: the signed callback would travel in clear text', (callbackUrl) => {
		const failure = refusal(provider, { callbackUrl });
		expect(failure.code).toBe('INVALID_CALLBACK_URL');
		expect(failure.field).toBe('callbackUrl');
		expect(failure.message).toMatch(/uses plain http:\/\/.*must travel over https:\/\//);
		expect(failure.description).toMatch(/Plain http is accepted only for localhost/);
	});

	it.each(['ftp://example.com/hook', 'javascript:alert(1)', 'file:///etc/passwd'])(
		'refuses %s',
		(callbackUrl) => {
			expect(refusal(provider, { callbackUrl }).message).toBe(
				'Callback URL must start with https://.',
			);
		},
	);
});

describe.each(PROVIDERS)('%s: EVM addresses without a checksum', (_name, provider) => {
	const evm = { currency: 'USDT', network: 'ERC20' };
	const lower = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed';

	it.each([lower, lower.toUpperCase().replace('0X', '0x')])(
		'refuses %s by default, saying what to do',
		(address) => {
			const failure = refusal(provider, { ...evm, address });
			expect(failure.code).toBe('ADDRESS_WITHOUT_CHECKSUM');
			expect(failure.field).toBe('address');
			expect(failure.message).toMatch(/carries no checksum and a typo in it cannot be caught/);
			expect(failure.description).toMatch(/EVM Addresses Without Checksum to Send With a Warning/);
		},
	);

	it('with "Send With a Warning" it passes, carrying the warning', () => {
		const payout = validateCreateInput(provider, { ...GOOD, ...evm, address: lower }, WARN);
		expect(payout.warnings).toEqual([
			expect.stringMatching(
				/^Recipient address warning: no checksum: this address is all lower-case, .*\.$/,
			),
		]);
	});

	it('a checksummed address passes without a warning under either rule', () => {
		const address = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
		for (const rules of [undefined, WARN])
			expect(validateCreateInput(provider, { ...GOOD, ...evm, address }, rules).warnings).toEqual(
				[],
			);
	});

	it('reads the rule from the Options collection: only "warn" relaxes it', () => {
		expect(createRulesFrom({})).toEqual({ evmWithoutChecksum: 'refuse' });
		expect(createRulesFrom({ evmAddressesWithoutChecksum: 'warn' })).toEqual(WARN);
		expect(createRulesFrom({ evmAddressesWithoutChecksum: 'WARN' })).toEqual({
			evmWithoutChecksum: 'refuse',
		});
	});
});

describe.each(PROVIDERS)(
	'%s: the address warnings ride on the validated payout',
	(_name, provider) => {
		it.each([
			['LTC', 'Litecoin', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', /old "3…" Litecoin script address/],
			['BCH', 'Bitcoin Cash', '1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH', /also a valid Bitcoin \(BTC\)/],
			[
				'TON',
				'TON',
				'0:83dfd552e63729b472fcbcc8c45ebcc6691702558b68ec7527e1ba403a0f31a8',
				/raw form \(0:…\) has no checksum/,
			],
			[
				'SOL',
				'Solana',
				'14grJpemFaf88c8tiVb77W7TYg2W3ir6pfkKz3YjhhZ5',
				/Solana addresses carry no/,
			],
		])('%s to %s %s', (currency, network, address, warning) => {
			const memo = currency === 'TON' ? 'Invoice 1' : '';
			const payout = validateCreateInput(provider, {
				...GOOD,
				currency,
				network,
				address,
				memo,
				amount: '1',
			});
			expect(payout.warnings).toHaveLength(1);
			expect(payout.warnings[0]).toMatch(/^Recipient address warning: /);
			expect(payout.warnings[0]).toMatch(warning);
		});
	},
);

describe('OxaPay amounts beyond a double (checkPayout)', () => {
	const eth = {
		currency: 'ETH',
		network: 'Ethereum',
		address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
	};

	it.each([
		['1.000000000000000001', 19, '(1.000000000000000001 reads as 1)', 'e.g. 1)'],
		[
			'0.123456789012345678',
			18,
			'(0.123456789012345678 reads as 0.12345678901234568)',
			'e.g. 0.123456789012345)',
		],
		['1234567.1234567891', 17, '', 'e.g. 1234567.12345678)'],
	])(
		'refuses %s (%i significant digits) before anything is sent',
		(amount, digits, readAs, example) => {
			const failure: PayoutFailure = refusal(oxaPayProvider, { ...eth, amount });
			expect(failure.code).toBe('AMOUNT_TOO_PRECISE');
			expect(failure.field).toBe('amount');
			expect(failure.message).toContain(`Amount ${amount} ETH has ${digits} significant digits.`);
			expect(failure.message).toContain(readAs);
			expect(failure.description).toContain(example);
			expect(failure.description).toMatch(
				/or pay it through Cregis, which takes the amount as text/,
			);
		},
	);

	it('accepts 15 significant digits and writes them unchanged', () => {
		const payout = validateCreateInput(oxaPayProvider, {
			...GOOD,
			...eth,
			amount: '0.123456789012345',
		});
		expect(oxaPayProvider.previewCreate(payout).body.amount).toBe('0.123456789012345');
	});

	it.each(['1.000000000000000001', '0.123456789012345678'])(
		'Cregis, which takes a string, sends %s exactly',
		(amount) => {
			const payout = validateCreateInput(cregisProvider, { ...GOOD, ...eth, amount });
			expect(cregisProvider.previewCreate(payout).body.amount).toBe(amount);
		},
	);
});
