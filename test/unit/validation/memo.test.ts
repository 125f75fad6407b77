import { AddressFamily, validateAddress } from '../../../nodes/CryptoPayout/validation/address';
import { MemoCheck, validateMemo } from '../../../nodes/CryptoPayout/validation/memo';

function reasonOf(result: MemoCheck): string {
	return result.valid ? '' : result.reason;
}

describe('validateMemo: empty memos', () => {
	it.each(['bitcoin', 'evm', 'tron', 'xrp', 'ton', 'solana'] as AddressFamily[])(
		'treats an empty or blank memo as no memo for %s',
		(family) => {
			for (const memo of ['', '   ', '\t\n', '\u00a0'])
				expect(validateMemo(family, memo)).toEqual({ valid: true, memo: undefined });
		},
	);

	it('treats a missing memo (null at runtime) as no memo', () => {
		expect(validateMemo('ton', null as unknown as string)).toEqual({
			valid: true,
			memo: undefined,
		});
	});
});

describe('validateMemo: networks without memos', () => {
	it.each([
		['bitcoin', 'Bitcoin (BTC)'],
		['litecoin', 'Litecoin (LTC)'],
		['dogecoin', 'Dogecoin (DOGE)'],
		['bitcoin-cash', 'Bitcoin Cash (BCH)'],
		['evm', 'EVM (Ethereum/BSC/Polygon…)'],
		['tron', 'TRON'],
		['solana', 'Solana'],
	] as Array<[AddressFamily, string]>)('refuses a memo for %s', (family, name) => {
		expect(validateMemo(family, '12345')).toEqual({
			valid: false,
			reason: `${name} transfers carry no memo; remove it or choose the right network.`,
		});
	});
});

describe('validateMemo: XRP destination tags', () => {
	it.each(['0', '1', '12345', '4294967295', ' 42 '])('accepts %j', (tag) => {
		expect(validateMemo('xrp', tag)).toEqual({ valid: true, memo: tag.trim() });
	});

	it.each([
		['4294967296', /at most 4294967295/],
		['99999999999999999999', /at most 4294967295/],
		['-1', /digits only/],
		['+1', /digits only/],
		['1.5', /digits only/],
		['1e3', /digits only/],
		['12 34', /space or line break inside/],
		['0123', /must not start with 0 \(write 123\)/],
		['00', /must not start with 0 \(write 0\)/],
		['abc', /digits only/],
		['１２３', /non-ASCII character/], // full-width digits look like 123
		['12\u200b3', /zero-width/],
	])('refuses %j', (tag, reason) => {
		expect(reasonOf(validateMemo('xrp', tag))).toMatch(reason);
	});

	it('takes the tag from the X-address when the memo is empty', () => {
		const address = validateAddress('xrp', 'XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi');
		if (!address.valid) throw new Error(address.reason);
		expect(address.embeddedTag).toBe('4294967295');
		expect(validateMemo('xrp', '', address.embeddedTag)).toEqual({
			valid: true,
			memo: '4294967295',
		});
		expect(validateMemo('xrp', '4294967295', address.embeddedTag)).toEqual({
			valid: true,
			memo: '4294967295',
		});
	});

	it('refuses a tag that conflicts with the X-address tag', () => {
		expect(validateMemo('xrp', '12345', '4294967295')).toEqual({
			valid: false,
			reason:
				'The XRP destination tag 12345 conflicts with the tag inside the X-address (4294967295); leave the tag field empty or make them match.',
		});
	});
});

describe('validateMemo: TON comments', () => {
	it('trims and keeps ordinary comments, words included', () => {
		expect(validateMemo('ton', '  Invoice 42 for ACME  ')).toEqual({
			valid: true,
			memo: 'Invoice 42 for ACME',
		});
		expect(validateMemo('ton', 'x'.repeat(120))).toEqual({ valid: true, memo: 'x'.repeat(120) });
	});

	it.each([
		['x'.repeat(121), /too long \(121 characters; at most 120\)/],
		['deposit\u200d123', /zero-width/],
		['deposit\u0007', /control character/],
		['line\nbreak', /space or line break inside/],
		['tab\there', /space or line break inside/],
		['dep\u043esit', /non-ASCII character "\u043e"/],
	])('refuses %j', (comment, reason) => {
		const result = validateMemo('ton', comment);
		expect(result.valid).toBe(false);
		expect(reasonOf(result)).toMatch(/^The TON comment \(memo\) is not valid: /);
		expect(reasonOf(result)).toMatch(reason);
	});
});
