/**
 * JSON that never passes money or ids through a JavaScript float.
 *
 * - `parseJsonLossless` keeps integers that fit in a double as numbers, and returns every other
 *   number literal (fractions, integers above 2^53) as the exact string of its digits. A Cregis
 *   `cid` of 9007199254740993 or an amount of 0.30000000000000004 survive untouched.
 * - `stringifyJson` writes `JsonNumberLiteral` values as bare number literals, so an amount the
 *   user typed as `0.1` goes out as the JSON number `0.1` without ever being a double.
 */

export class JsonNumberLiteral {
	constructor(readonly literal: string) {
		if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(literal)) {
			throw new TypeError(`Not a JSON number literal: ${literal}`);
		}
	}

	toJSON(): string {
		return this.literal;
	}
}

export type JsonValue =
	| null
	| boolean
	| number
	| string
	| JsonNumberLiteral
	| JsonValue[]
	| { [key: string]: JsonValue | undefined };

export function stringifyJson(value: JsonValue | undefined): string {
	if (value === undefined || value === null) return 'null';
	if (value instanceof JsonNumberLiteral) return value.literal;
	if (Array.isArray(value)) return `[${value.map((v) => stringifyJson(v)).join(',')}]`;
	if (typeof value === 'object') {
		const parts: string[] = [];
		for (const [key, field] of Object.entries(value)) {
			if (field === undefined) continue;
			parts.push(`${JSON.stringify(key)}:${stringifyJson(field)}`);
		}
		return `{${parts.join(',')}}`;
	}
	if (typeof value === 'number' && !Number.isFinite(value)) {
		throw new TypeError('Refusing to serialize a non-finite number');
	}
	return JSON.stringify(value);
}

export class JsonSyntaxError extends Error {
	constructor(
		message: string,
		readonly position: number,
	) {
		super(message);
		this.name = 'JsonSyntaxError';
	}
}

const NUMBER_PATTERN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING_PATTERN = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** Parses JSON text; see the module comment for how numbers come back. */
export function parseJsonLossless(text: string): unknown {
	let pos = 0;

	const fail = (what: string): never => {
		throw new JsonSyntaxError(`Invalid JSON: ${what} at position ${pos}`, pos);
	};
	const skipWhitespace = () => {
		while (pos < text.length) {
			const c = text.charCodeAt(pos);
			if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
			else break;
		}
	};
	const readLiteral = (word: string, value: unknown) => {
		if (text.startsWith(word, pos)) {
			pos += word.length;
			return value;
		}
		return fail('unexpected token');
	};
	const readString = (): string => {
		STRING_PATTERN.lastIndex = pos;
		const match = STRING_PATTERN.exec(text);
		if (!match) return fail('bad string');
		pos += match[0].length;
		return JSON.parse(match[0]) as string;
	};
	const readNumber = (): number | string => {
		NUMBER_PATTERN.lastIndex = pos;
		const match = NUMBER_PATTERN.exec(text);
		if (!match) return fail('bad number');
		pos += match[0].length;
		const literal = match[0];
		if (/^-?\d+$/.test(literal)) {
			const asNumber = Number(literal);
			if (Number.isSafeInteger(asNumber)) return asNumber;
		}
		return literal;
	};
	const readValue = (depth: number): unknown => {
		if (depth > 64) fail('nesting too deep');
		skipWhitespace();
		const c = text[pos];
		if (c === '{') {
			pos++;
			const object: Record<string, unknown> = {};
			skipWhitespace();
			if (text[pos] === '}') {
				pos++;
				return object;
			}
			for (;;) {
				skipWhitespace();
				if (text[pos] !== '"') fail('expected a key');
				const key = readString();
				skipWhitespace();
				if (text[pos] !== ':') fail("expected ':'");
				pos++;
				const value = readValue(depth + 1);
				// Own property even for "__proto__", so a hostile body cannot reach the prototype.
				Object.defineProperty(object, key, {
					value,
					enumerable: true,
					writable: true,
					configurable: true,
				});
				skipWhitespace();
				if (text[pos] === ',') {
					pos++;
					continue;
				}
				if (text[pos] === '}') {
					pos++;
					return object;
				}
				fail("expected ',' or '}'");
			}
		}
		if (c === '[') {
			pos++;
			const array: unknown[] = [];
			skipWhitespace();
			if (text[pos] === ']') {
				pos++;
				return array;
			}
			for (;;) {
				array.push(readValue(depth + 1));
				skipWhitespace();
				if (text[pos] === ',') {
					pos++;
					continue;
				}
				if (text[pos] === ']') {
					pos++;
					return array;
				}
				fail("expected ',' or ']'");
			}
		}
		if (c === '"') return readString();
		if (c === 't') return readLiteral('true', true);
		if (c === 'f') return readLiteral('false', false);
		if (c === 'n') return readLiteral('null', null);
		return readNumber();
	};

	const value = readValue(0);
	skipWhitespace();
	if (pos !== text.length) fail('trailing characters');
	return value;
}
