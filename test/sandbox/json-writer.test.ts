import { numberLiteral, writeJson } from '../../sandbox/json-writer';
import { parseRawJson, rawToPlain } from '../../sandbox/raw-json';

describe('sandbox JSON writer', () => {
	it('writes number literals digit for digit, where a double would round them', () => {
		expect(
			writeJson({ cid: numberLiteral('9007199254740993'), amount: numberLiteral('1.10') }),
		).toBe('{"cid":9007199254740993,"amount":1.10}');
		expect(
			writeJson([numberLiteral('0.30000000000000004'), numberLiteral('-0'), numberLiteral('1e-7')]),
		).toBe('[0.30000000000000004,-0,1e-7]');
	});

	it('refuses text that is not a JSON number literal', () => {
		for (const text of ['', '01', '.5', '1.', '+1', ' 1', '1 ', 'NaN', '0x10', '1,5']) {
			expect(() => numberLiteral(text)).toThrow(/Not a JSON number literal/);
		}
	});

	it('writes plain values as JSON.stringify does and leaves out undefined fields', () => {
		const value = {
			s: 'a "q" \u00e9\n',
			n: 12,
			t: true,
			z: null,
			list: ['x', 1],
			skipped: undefined,
			nested: { k: [] },
		};
		expect(writeJson(value)).toBe(
			'{"s":"a \\"q\\" \u00e9\\n","n":12,"t":true,"z":null,"list":["x",1],"nested":{"k":[]}}',
		);
		expect(rawToPlain(parseRawJson(writeJson(value)))).toEqual({
			s: 'a "q" \u00e9\n',
			n: '12',
			t: true,
			z: null,
			list: ['x', '1'],
			nested: { k: [] },
		});
	});

	it('refuses non-finite numbers rather than writing null', () => {
		expect(() => writeJson({ fee: Number.NaN })).toThrow(/no form/);
		expect(() => writeJson([Infinity])).toThrow(/no form/);
	});
});
