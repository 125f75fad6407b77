/**
 * Create Payout refuses what loses funds before any request (non-standard segwit outputs, burn
 * and system addresses, wrapped-native contracts, unchecksummed EVM addresses by default, plain
 * http callbacks, OxaPay amounts a double cannot carry) and shows every other address warning of
 * Check Address on the item and in n8n's execution hints, in a real run and in Dry Run.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import { runNode, type RunNodeResult } from '../harness/n8n';
import { createParameters, credentialsFor, row, useSandbox } from './fixtures';

type Provider = 'oxapay' | 'cregis';
const PROVIDERS: Provider[] = ['oxapay', 'cregis'];

const getSandbox = useSandbox();
let sandbox: Sandbox;
beforeEach(() => {
	sandbox = getSandbox();
});

async function run(provider: Provider, items: IDataObject[], options: IDataObject = {}) {
	return await runNode({
		parameters: createParameters(provider, { options: options as INodeParameters }),
		credentials: credentialsFor(sandbox),
		items,
		continueOnFail: true,
	});
}

const payoutRequests = (provider: Provider) =>
	sandbox.requests.filter(
		(request) =>
			request.provider === provider && request.method === 'POST' && /payout$/.test(request.path),
	);
const hintsOf = (result: RunNodeResult) =>
	(result.run.data.resultData.runData['Crypto Payout']?.[0]?.hints ?? []).map((hint) => ({
		message: hint.message,
		type: hint.type,
	}));
const errorOf = (result: RunNodeResult, index = 0) => result.items[index].json.error as IDataObject;

/**
 * [currency, network, address, what the refusal says]. The EVM burn and system addresses
 * (0x…dEaD, precompiles, the OP Stack WETH 0x4200…0006) are in test/unit/validation: their run of
 * zeros contains a deliberately wrong test key that the suite's secret scan looks for.
 */
const REFUSED_ADDRESSES: Array<[string, string, string, RegExp]> = [
	['BTC', 'Bitcoin', 'BC1SW50QGDZ25J', /segwit version 16 with a 2-byte program.*taken by anyone/],
	[
		'BTC',
		'Bitcoin',
		'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y',
		/segwit version 1 with a 40-byte program.*taken by anyone/,
	],
	['SOL', 'Solana', '11111111111111111111111111111111', /the Solana System Program, not a wallet/],
	['SOL', 'Solana', 'So11111111111111111111111111111111111111112', /wSOL .* token contract/],
	['ETH', 'Ethereum', '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2', /WETH token contract/],
	['USDT', 'BEP20', '0xbb4CdB9CBd36B01bD1cBaEBF2De08d9173bc095c', /WBNB token contract/],
	['POL', 'Polygon', '0x0d500B1d8E8eF31E21C99d1Db9A6444d3ADf1270', /WPOL .*token contract/],
	['TRX', 'Tron', 'TNUC9Qb1rRpS5CbWLmNMxXBjyFoydXjWFR', /WTRX token contract/],
	['TRX', 'Tron', 'TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy', /TRON "Blackhole" account/],
	['TON', 'TON', 'EQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAM9c', /TON zero \(burn\) address/],
	[
		'ETH',
		'Ethereum',
		'0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed',
		/all lower case, so it carries no checksum/,
	],
];

describe.each(PROVIDERS)('%s: addresses that lose funds are refused, nothing sent', (provider) => {
	it.each(REFUSED_ADDRESSES)('%s on %s to %s', async (currency, network, address, reason) => {
		const result = await run(provider, [
			row({ reference: 'LOST-1', address, amount: '1', currency, network, memo: 'x' }),
		]);
		const error = errorOf(result);
		expect(error.field).toBe('address');
		expect(String(error.message)).toMatch(reason);
		expect(sandbox.requests).toHaveLength(0);
		expect(sandbox.ledger()).toHaveLength(0);
	});
});

/** [currency, network, address, memo, the warning] */
const WARNED_ADDRESSES: Array<[string, string, string, string, RegExp]> = [
	['LTC', 'Litecoin', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', '', /old "3…" Litecoin script address/],
	['BCH', 'Bitcoin Cash', '1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH', '', /also a valid Bitcoin \(BTC\)/],
	[
		'TON',
		'TON',
		'0:83dfd552e63729b472fcbcc8c45ebcc6691702558b68ec7527e1ba403a0f31a8',
		'Invoice 7',
		/raw form \(0:…\) has no checksum/,
	],
	[
		'TON',
		'TON',
		'Ef-D39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqOLF',
		'Invoice 7',
		/masterchain \(-1\) address/,
	],
	[
		'SOL',
		'Solana',
		'14grJpemFaf88c8tiVb77W7TYg2W3ir6pfkKz3YjhhZ5',
		'',
		/Solana addresses carry no/,
	],
	[
		'ETH',
		'Ethereum',
		'0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed',
		'',
		/all lower-case, so a typo cannot be detected/,
	],
	[
		'ETH',
		'Ethereum',
		'0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED',
		'',
		/all upper-case, so a typo cannot be detected/,
	],
];
const SEND_WITH_WARNING = { evmAddressesWithoutChecksum: 'warn' };

describe.each(PROVIDERS)('%s: other address warnings reach the item and the hints', (provider) => {
	it.each(WARNED_ADDRESSES)(
		'%s on %s to %s: sent, warning in the message and in a hint',
		async (currency, network, address, memo, warning) => {
			const result = await run(
				provider,
				[row({ reference: 'WARN-1', address, amount: '1', currency, network, memo })],
				SEND_WITH_WARNING,
			);
			expect(result.items[0].json.error).toBeNull();
			expect(sandbox.ledger()).toHaveLength(1);
			expect(sandbox.ledger()[0].address).toBe(address);
			expect(String(result.items[0].json.message)).toMatch(/Recipient address warning: /);
			expect(String(result.items[0].json.message)).toMatch(warning);
			expect(hintsOf(result)).toEqual([
				{
					message: expect.stringMatching(/^Row 1 \([^)]+\): Recipient address warning: /),
					type: 'warning',
				},
			]);
			expect(hintsOf(result)[0].message).toMatch(warning);
		},
	);

	it('Dry Run shows the same warnings on each item and in the hints, and sends nothing', async () => {
		const items = WARNED_ADDRESSES.map(([currency, network, address, memo], index) =>
			row({ reference: `DRY-${index}`, address, amount: '1', currency, network, memo }),
		);
		const result = await run(provider, items, { ...SEND_WITH_WARNING, dryRun: true });
		expect(result.items.map((item) => item.json.status)).toEqual(items.map(() => 'validated'));
		WARNED_ADDRESSES.forEach(([, , , , warning], index) => {
			expect(String(result.items[index].json.message)).toMatch(/^Dry run: every check passed/);
			expect(String(result.items[index].json.message)).toMatch(warning);
			expect(hintsOf(result)[index].message).toMatch(
				new RegExp(`^Row ${index + 1} \\(DRY-${index}\\): `),
			);
			expect(hintsOf(result)[index].message).toMatch(warning);
		});
		expect(hintsOf(result)).toHaveLength(WARNED_ADDRESSES.length);
		expect(payoutRequests(provider)).toHaveLength(0);
	});

	it('a checksummed address gets no warning: message null, no hint', async () => {
		const address = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
		const result = await run(provider, [
			row({ reference: 'PLAIN-1', address, amount: '1', currency: 'ETH', network: 'Ethereum' }),
		]);
		expect(result.items[0].json.message).toBeNull();
		expect(hintsOf(result)).toEqual([]);
	});
});

describe.each(PROVIDERS)('%s: TON comments are UTF-8', (provider) => {
	it('sends a Cyrillic comment as it is', async () => {
		const result = await run(provider, [
			row({
				reference: 'TON-RU',
				address: 'UQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqEBI',
				amount: '1',
				currency: 'TON',
				network: 'TON',
				memo: 'привет',
			}),
		]);
		expect(result.items[0].json).toMatchObject({ memo: 'привет' });
		expect(sandbox.ledger()).toEqual([expect.objectContaining({ memo: 'привет' })]);
		expect(JSON.parse(payoutRequests(provider)[0].rawBody).memo).toBe('привет');
	});

	it('refuses a comment over one cell (123 bytes) or with a look-alike letter, sending nothing', async () => {
		const address = 'UQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqEBI';
		const ton = { address, amount: '1', currency: 'TON', network: 'TON' };
		const result = await run(provider, [
			row({ ...ton, reference: 'TON-LONG', memo: 'п'.repeat(62) }),
			row({ ...ton, reference: 'TON-MIX', memo: 'dep\u043esit 42' }),
		]);
		expect(String(errorOf(result, 0).message)).toMatch(/124 bytes in UTF-8; at most 123/);
		expect(String(errorOf(result, 1).message)).toMatch(/mixes Latin and Cyrillic letters/);
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('amounts beyond a double', () => {
	const eth = {
		address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
		currency: 'ETH',
		network: 'Ethereum',
	};
	const AMOUNTS = ['1.000000000000000001', '0.123456789012345678'];

	it('OxaPay: refused before anything is sent, saying why and what to do', async () => {
		const result = await run(
			'oxapay',
			AMOUNTS.map((amount, index) => row({ ...eth, reference: `PREC-${index}`, amount })),
		);
		expect(errorOf(result, 0)).toMatchObject({ code: 'AMOUNT_TOO_PRECISE', field: 'amount' });
		expect(String(errorOf(result, 0).message)).toMatch(
			/1\.000000000000000001 ETH has 19 significant digits\. OxaPay takes the amount as a JSON number.*\(1\.000000000000000001 reads as 1\)/,
		);
		expect(String(errorOf(result, 1).message)).toMatch(/reads as 0\.12345678901234568\)/);
		expect(String(errorOf(result, 1).description)).toMatch(
			/at most 15 significant digits .*\(e\.g\. 0\.123456789012345\), or pay it through Cregis/,
		);
		expect(sandbox.requests).toHaveLength(0);
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('Cregis, which takes a string, receives every digit', async () => {
		const result = await run(
			'cregis',
			AMOUNTS.map((amount, index) => row({ ...eth, reference: `PREC-${index}`, amount })),
		);
		expect(result.items.map((item) => item.json.error)).toEqual([null, null]);
		expect(sandbox.ledger().map((entry) => entry.amount)).toEqual(AMOUNTS);
		expect(payoutRequests('cregis').map((request) => JSON.parse(request.rawBody).amount)).toEqual(
			AMOUNTS,
		);
	});
});

describe.each(PROVIDERS)('%s: Callback URL', (provider) => {
	const payout = (reference: string, callbackUrl: string) =>
		row({
			reference,
			address: 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS',
			amount: '1',
			currency: 'USDT',
			network: 'TRC20',
			callbackUrl,
		});

	it.each(['http://example.com/hook', 'http://169.254.169.254/latest/meta-data'])(
		'plain http to %s is refused, nothing sent',
		async (callbackUrl) => {
			const result = await run(provider, [payout('CB-1', callbackUrl)]);
			expect(errorOf(result)).toMatchObject({ code: 'INVALID_CALLBACK_URL', field: 'callbackUrl' });
			expect(String(errorOf(result).message)).toMatch(/plain http:\/\//);
			expect(sandbox.requests).toHaveLength(0);
		},
	);

	it('plain http to loopback (a local n8n or proxy) is sent as given', async () => {
		const callbackUrl = 'http://127.0.0.1:5678/webhook/payout-status';
		const result = await run(provider, [payout('CB-2', callbackUrl)]);
		expect(result.items[0].json.error).toBeNull();
		expect(JSON.parse(payoutRequests(provider)[0].rawBody).callback_url).toBe(callbackUrl);
		expect(sandbox.ledger()).toEqual([expect.objectContaining({ callbackUrl })]);
	});
});
