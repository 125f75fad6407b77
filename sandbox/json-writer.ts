/**
 * The sandbox's JSON writer, the counterpart of raw-json.ts. Providers send figures as bare JSON
 * numbers (`"amount":0.1`, `"cid":9007199254740993`) and a JavaScript number cannot hold every
 * such value, so a figure is kept as its decimal text in a {@link NumberLiteral} and written digit
 * for digit. The sandbox's own rather than the node's, so a serialisation bug in the node cannot
 * also be the yardstick it is measured with.
 */
import { parseRawJson } from './raw-json';

export class NumberLiteral {
	constructor(readonly text: string) {
		if (!isJsonNumber(text))
			throw new TypeError(`Not a JSON number literal: ${JSON.stringify(text)}`);
	}
}

/** Shorthand for `new NumberLiteral(text)`. */
export const numberLiteral = (text: string): NumberLiteral => new NumberLiteral(text);

export type WritableJson =
	| null
	| boolean
	| string
	| number
	| NumberLiteral
	| readonly WritableJson[]
	| { readonly [key: string]: WritableJson | undefined };

/** Compact JSON; object fields whose value is undefined are left out, as JSON.stringify does. */
export function writeJson(value: WritableJson): string {
	if (value instanceof NumberLiteral) return value.text;
	if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
	if (value !== null && typeof value === 'object')
		return writeObject(value as { readonly [key: string]: WritableJson | undefined });
	if (typeof value === 'number' && !Number.isFinite(value))
		throw new TypeError(`JSON has no form for ${value}`);
	return JSON.stringify(value);
}

function writeObject(object: { readonly [key: string]: WritableJson | undefined }): string {
	const members: string[] = [];
	for (const [key, field] of Object.entries(object)) {
		if (field !== undefined) members.push(`${JSON.stringify(key)}:${writeJson(field)}`);
	}
	return `{${members.join(',')}}`;
}

/** Uses the sandbox's own reader, so what the writer accepts is exactly what it reads back. */
function isJsonNumber(text: string): boolean {
	try {
		const value = parseRawJson(text);
		return value.type === 'number' && value.literal === text;
	} catch {
		return false;
	}
}
