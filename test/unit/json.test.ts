import {
	JsonNumberLiteral,
	parseJsonLossless,
	stringifyJson,
} from '../../nodes/CryptoPayout/shared/json';

describe('parseJsonLossless', () => {
	it('keeps safe integers as numbers and everything else as exact text', () => {
		const value = parseJsonLossless(
			'{"a":1,"cid":9007199254740993,"amount":0.30000000000000004,"small":1e-7,"neg":-5}',
		);
		expect(value).toEqual({
			a: 1,
			cid: '9007199254740993',
			amount: '0.30000000000000004',
			small: '1e-7',
			neg: -5,
		});
	});

	it('parses nested values, strings with escapes, literals', () => {
		expect(parseJsonLossless(' {"x":[true,false,null,"a\\"b\\u00e9"],"y":{}} ')).toEqual({
			x: [true, false, null, 'a"bé'],
			y: {},
		});
	});

	it('rejects malformed JSON and trailing garbage', () => {
		for (const bad of ['', '{', '{"a":}', '{"a":1}x', '<html>', '{"a":01}', "{'a':1}"]) {
			expect(() => parseJsonLossless(bad)).toThrow(/Invalid JSON/);
		}
	});

	it('does not let "__proto__" reach the prototype', () => {
		const value = parseJsonLossless('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.keys(value)).toEqual(['__proto__']);
	});
});

describe('stringifyJson', () => {
	it('writes number literals verbatim, never through a double', () => {
		expect(
			stringifyJson({
				amount: new JsonNumberLiteral('123456789.123456789012345678'),
				a: 'x',
				skip: undefined,
			}),
		).toBe('{"amount":123456789.123456789012345678,"a":"x"}');
		expect(stringifyJson({ amount: new JsonNumberLiteral('0.1') })).toBe('{"amount":0.1}');
	});

	it('refuses a literal that is not a JSON number', () => {
		expect(() => new JsonNumberLiteral('1,5')).toThrow();
		expect(() => new JsonNumberLiteral('NaN')).toThrow();
	});
});
