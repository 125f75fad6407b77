/**
 * The Create fields under "Map Each Field Below", read per item. A field mapped the way the
 * editor's drag and drop writes it, `{{ $json.column }}` or `{{ $json['column name'] }}`, is read
 * from the item's column directly when the cell holds text, a number or true/false: the very value
 * n8n's expression gives, without a trip through n8n 2.x's isolated expression engine (about
 * 0.4 ms of CPU per field and item, most of an expression-mapped payout's cost). Anything else (a
 * computed expression, a missing cell, null, an object, a name n8n's sandbox refuses) goes
 * through getNodeParameter as before, so n8n decides it, errors included.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CREATE_FIELD_NAMES } from './fields';
import type { CreateInput } from './validate-create';

/** `={{ $json.name }}` or `={{ $json['any name'] }}` / `={{ $json["any name"] }}`, nothing around it. */
const COLUMN_EXPRESSION =
	/^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*(?:'([^'\\\n]*)'|"([^"\\\n]*)")\s*\])\s*\}\}$/;

/**
 * Property names n8n's expression sandbox refuses or treats specially (n8n-workflow's
 * unsafeObjectProperties and the expression runtime's sanitizer list): left to n8n.
 */
const LEFT_TO_N8N = new Set([
	'__proto__',
	'prototype',
	'constructor',
	'getPrototypeOf',
	'setPrototypeOf',
	'getOwnPropertyDescriptor',
	'getOwnPropertyDescriptors',
	'defineProperty',
	'defineProperties',
	'mainModule',
	'binding',
	'prepareStackTrace',
	'caller',
	'callee',
	'arguments',
	'getBuiltinModule',
	'dlopen',
	'execve',
	'loadEnvFile',
	'toString',
	'valueOf',
	'toLocaleString',
	'hasOwnProperty',
	'isPrototypeOf',
	'propertyIsEnumerable',
]);

/** The column a drag-and-drop expression reads; undefined for any other value or expression. */
export function columnOfExpression(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const match = COLUMN_EXPRESSION.exec(value);
	if (!match) return undefined;
	const column = match[1] ?? match[2] ?? match[3];
	// n8n refuses `.constructor` anywhere in an expression; names starting with `_` (e.g. `_load`) are n8n's to judge.
	if (LEFT_TO_N8N.has(column) || column.startsWith('_') || /constructor/.test(value))
		return undefined;
	return column;
}

/** A cell n8n's expression would return unchanged. */
const isPlainCell = (value: unknown): value is string | number | boolean =>
	typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

export class MappedFields {
	/** Each field with the column its drag-and-drop expression reads, if it is one. */
	private readonly fields: Array<{ field: string; column?: string }>;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly items: Array<{ json: IDataObject }>,
	) {
		this.fields = CREATE_FIELD_NAMES.map((field) => ({
			field,
			column: columnOfExpression(ctx.getNodeParameter(field, 0, '', { rawExpressions: true })),
		}));
	}

	read(itemIndex: number): CreateInput {
		const row = this.items[itemIndex]?.json;
		const input: Record<string, unknown> = {};
		for (const { field, column } of this.fields) {
			const cell =
				column !== undefined && row && Object.prototype.hasOwnProperty.call(row, column)
					? row[column]
					: undefined;
			input[field] = isPlainCell(cell) ? cell : this.ctx.getNodeParameter(field, itemIndex, '');
		}
		return input as unknown as CreateInput;
	}
}
