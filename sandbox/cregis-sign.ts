/**
 * The Cregis signature, written from cregis-api.md §2 and not taken from the node, so the sandbox
 * can catch a node that signs wrongly:
 *   1. drop `sign` and every field that is null or empty (`""`); `0` and `" "` stay;
 *   2. sort the keys by code unit (as Java's TreeSet and JS's plain sort() do, not by locale);
 *   3. concatenate key + value with no separator: no `=`, no `&`;
 *   4. prepend the project API key; md5 of the UTF-8 bytes, lower-case hex.
 *
 * It works on fields as the sandbox reads them (raw-json), so a number is signed as the literal
 * that was sent: a 19-digit cid keeps every digit, and `1.10` is not turned into `1.1`.
 */
import { createHash } from 'crypto';
import { scalarText, type RawValue } from './raw-json';

/** The text after the API key that gets hashed, e.g. `cid1382626461605888noncesw7kv5pid…`. */
export function cregisSigningString(fields: ReadonlyMap<string, RawValue>): string {
	const parts: [string, string][] = [];
	for (const [key, value] of fields) {
		if (key === 'sign') continue;
		const text = signedText(key, value);
		if (text !== undefined && text !== '') parts.push([key, text]);
	}
	parts.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return parts.map(([key, text]) => key + text).join('');
}

export function signCregisFields(fields: ReadonlyMap<string, RawValue>, apiKey: string): string {
	return createHash('md5')
		.update(apiKey + cregisSigningString(fields), 'utf8')
		.digest('hex');
}

/** The field's text; undefined for null (left out). Nested values have no documented text. */
function signedText(key: string, value: RawValue): string | undefined {
	if (value.type === 'null') return undefined;
	const text = scalarText(value);
	// Cregis payout requests and callbacks carry no nested values; refuse rather than guess a form.
	if (text === undefined)
		throw new TypeError(`Cregis signing has no rule for the nested field ${JSON.stringify(key)}`);
	return text;
}
