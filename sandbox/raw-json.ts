/**
 * A JSON reader that keeps what a value *was* on the wire. The sandbox checks field types the way a
 * strict provider would: OxaPay wants `amount` as a JSON number, Cregis wants it as a JSON string,
 * and a Cregis signature is computed over each number's exact digits. `JSON.parse` loses all of
 * that (`"5"` vs `5`, `9007199254740993` rounded), so this reader returns a tagged tree instead.
 *
 * Duplicate keys are refused: with two `amount` keys it is unclear which one a provider would use,
 * and a signature could be computed over one while the payout uses the other.
 */

export type RawValue = RawObject | RawArray | RawString | RawNumber | RawBoolean | RawNull;

export interface RawObject {
	type: 'object';
	/** Insertion-ordered; a Map so keys such as `__proto__` are plain data. */
	fields: Map<string, RawValue>;
}

export interface RawArray {
	type: 'array';
	items: RawValue[];
}

export interface RawString {
	type: 'string';
	value: string;
}

export interface RawNumber {
	type: 'number';
	/** The literal exactly as written, e.g. `0.10`, `9007199254740993`, `1e-7`. */
	literal: string;
	/** `integer`: digits only; `decimal`: has a fraction; `exponent`: uses e/E notation. */
	kind: 'integer' | 'decimal' | 'exponent';
}

export interface RawBoolean {
	type: 'boolean';
	value: boolean;
}

export interface RawNull {
	type: 'null';
}

export class RawJsonError extends Error {
	constructor(
		message: string,
		readonly position: number,
	) {
		super(message);
		this.name = 'RawJsonError';
	}
}

const NUMBER_PATTERN = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING_PATTERN = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const PLAIN_STRING_PATTERN = /"[^"\\\u0000-\u001f]*"/y;
const MAX_DEPTH = 32;

const NULL: RawNull = { type: 'null' };
const TRUE: RawBoolean = { type: 'boolean', value: true };
const FALSE: RawBoolean = { type: 'boolean', value: false };

/** Parses JSON text into a {@link RawValue} tree; throws {@link RawJsonError} on bad input. */
export function parseRawJson(text: string): RawValue {
	let pos = 0;

	const fail = (what: string): never => {
		throw new RawJsonError(`Invalid JSON: ${what} at position ${pos}`, pos);
	};
	const skipWhitespace = () => {
		while (pos < text.length) {
			const c = text.charCodeAt(pos);
			if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
			else break;
		}
	};
	const readString = (): string => {
		// Fast path: most strings have no escapes, so slice instead of calling JSON.parse.
		PLAIN_STRING_PATTERN.lastIndex = pos;
		const plain = PLAIN_STRING_PATTERN.exec(text);
		if (plain) {
			pos += plain[0].length;
			return plain[0].slice(1, -1);
		}
		STRING_PATTERN.lastIndex = pos;
		const match = STRING_PATTERN.exec(text);
		if (!match) return fail('bad string');
		pos += match[0].length;
		return JSON.parse(match[0]) as string;
	};
	const readNumber = (): RawNumber => {
		NUMBER_PATTERN.lastIndex = pos;
		const match = NUMBER_PATTERN.exec(text);
		if (!match) return fail('unexpected token');
		pos += match[0].length;
		const kind =
			match[2] !== undefined ? 'exponent' : match[1] !== undefined ? 'decimal' : 'integer';
		return { type: 'number', literal: match[0], kind };
	};
	const readWord = (word: string, value: RawValue): RawValue => {
		if (!text.startsWith(word, pos)) fail('unexpected token');
		pos += word.length;
		return value;
	};
	const readValue = (depth: number): RawValue => {
		if (depth > MAX_DEPTH) fail('nesting too deep');
		skipWhitespace();
		const c = text[pos];
		if (c === '{') {
			pos++;
			const fields = new Map<string, RawValue>();
			skipWhitespace();
			if (text[pos] === '}') {
				pos++;
				return { type: 'object', fields };
			}
			for (;;) {
				skipWhitespace();
				if (text[pos] !== '"') fail('expected a key');
				const key = readString();
				if (fields.has(key)) fail(`duplicate key ${JSON.stringify(key)}`);
				skipWhitespace();
				if (text[pos] !== ':') fail("expected ':'");
				pos++;
				fields.set(key, readValue(depth + 1));
				skipWhitespace();
				if (text[pos] === ',') {
					pos++;
					continue;
				}
				if (text[pos] === '}') {
					pos++;
					return { type: 'object', fields };
				}
				fail("expected ',' or '}'");
			}
		}
		if (c === '[') {
			pos++;
			const items: RawValue[] = [];
			skipWhitespace();
			if (text[pos] === ']') {
				pos++;
				return { type: 'array', items };
			}
			for (;;) {
				items.push(readValue(depth + 1));
				skipWhitespace();
				if (text[pos] === ',') {
					pos++;
					continue;
				}
				if (text[pos] === ']') {
					pos++;
					return { type: 'array', items };
				}
				fail("expected ',' or ']'");
			}
		}
		if (c === '"') return { type: 'string', value: readString() };
		if (c === 't') return readWord('true', TRUE);
		if (c === 'f') return readWord('false', FALSE);
		if (c === 'n') return readWord('null', NULL);
		if (c === undefined) return fail('unexpected end');
		return readNumber();
	};

	const value = readValue(0);
	skipWhitespace();
	if (pos !== text.length) fail('trailing characters');
	return value;
}

/** Parses and returns the object's fields, or undefined when the text is not a JSON object. */
export function parseRawObject(text: string): Map<string, RawValue> | undefined {
	try {
		const value = parseRawJson(text);
		return value.type === 'object' ? value.fields : undefined;
	} catch {
		return undefined;
	}
}

/** The text a scalar stands for (string value or number literal); undefined for other types. */
export function scalarText(value: RawValue): string | undefined {
	if (value.type === 'string') return value.value;
	if (value.type === 'number') return value.literal;
	if (value.type === 'boolean') return value.value ? 'true' : 'false';
	return undefined;
}

/** Converts a raw tree back to plain JS values; numbers become their literal strings. For debugging and tests. */
export function rawToPlain(value: RawValue): unknown {
	switch (value.type) {
		case 'object': {
			const out: Record<string, unknown> = {};
			for (const [key, field] of value.fields) {
				Object.defineProperty(out, key, {
					value: rawToPlain(field),
					enumerable: true,
					writable: true,
					configurable: true,
				});
			}
			return out;
		}
		case 'array':
			return value.items.map(rawToPlain);
		case 'string':
			return value.value;
		case 'number':
			return value.literal;
		case 'boolean':
			return value.value;
		case 'null':
			return null;
	}
}
