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
		expect(validateMemo('ton', 'x'.repeat(123))).toEqual({ valid: true, memo: 'x'.repeat(123) });
	});

	// TON comments are UTF-8 text (docs.ton.org, "Messages with comments"): any alphabet, whole
	// words, symbols and emoji are what people write to each other.
	it.each([
		'привет',
		'Оплата по счёту №123',
		'Invoice 42, привет',
		'Ευχαριστώ',
		'谢谢 · ありがとう',
		'شكرا',
		'Thanks 👍',
		'café déjà vu',
		`${'п'.repeat(60)} 42`, // 123 bytes: 60 two-byte letters, a space and two digits
	])('accepts the UTF-8 comment %j as it is', (comment) => {
		expect(validateMemo('ton', comment)).toEqual({ valid: true, memo: comment });
	});

	it.each([
		['x'.repeat(124), /too long \(124 bytes in UTF-8; at most 123/],
		['п'.repeat(62), /too long \(124 bytes in UTF-8; at most 123/],
		[
			'deposit\u200d123',
			/invisible zero-width character \(U\+200D ZERO WIDTH JOINER\) at position 8/,
		],
		['deposit\u0007', /control character/],
		['line\nbreak', /space or line break inside/],
		['tab\there', /space or line break inside/],
		['no\u00a0break', /space or line break inside it that is not a plain space \(U\+00A0/],
		['dep\u043esit', /the word "dep\u043esit" mixes Latin and Cyrillic letters/],
		['\u03a1ayment', /mixes Latin and Greek letters/], // a Greek capital Rho for "P"
		['\uff11\uff12\uff13', /"\uff11" \(U\+FF11 at position 1\), a look-alike of the plain "1"/],
		['\ud835\udc00BC', /a look-alike of the plain "A"/], // MATHEMATICAL BOLD CAPITAL A
		['\u212aelvin', /a look-alike of the plain "K"/], // KELVIN SIGN
		['abc\u202edef', /invisible character \(U\+202E at position 4\)/], // right-to-left override
		['soft\u00adhyphen', /invisible character \(U\+00AD/],
		['ok\ufe0f', /invisible character \(U\+FE0F/], // variation selector
		['\u3164', /invisible character \(U\+3164/], // HANGUL FILLER, a classic blank name
		['a\ue000b', /unassigned, private-use or broken character \(U\+E000/],
		['a\ud800b', /unassigned, private-use or broken character \(U\+D800/], // lone surrogate
	])('refuses %j', (comment, reason) => {
		const result = validateMemo('ton', comment);
		expect(result.valid).toBe(false);
		expect(reasonOf(result)).toMatch(/^The TON comment \(memo\) is not valid: /);
		expect(reasonOf(result)).toMatch(reason);
	});

	it('keeps the plain-ASCII rule for XRP destination tags', () => {
		expect(reasonOf(validateMemo('xrp', '\u0661\u0662'))).toMatch(/non-ASCII character/);
	});
});
