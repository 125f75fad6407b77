/**
 * The Options collection applies to the whole batch: it is read once. An option set by an
 * expression is evaluated for every item and must give the same value for each; otherwise the
 * batch stops before anything is sent, because honouring item 0's value for everyone (a row that
 * asked for Dry Run being paid) is exactly what must not happen.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionsProperty } from './create/options';

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * An on/off or numeric option holding anything else (an imported workflow can carry an expression
 * in a field the editor offers no expression for: n8n then hands over its text) is a
 * configuration error, never read as "off".
 */
function checkOptionTypes(ctx: IExecuteFunctions, options: IDataObject): void {
	for (const definition of optionsProperty.options as INodeProperties[]) {
		const value = options[definition.name];
		if (value === undefined) continue;
		const expected =
			definition.type === 'boolean'
				? 'boolean'
				: definition.type === 'number'
					? 'number'
					: undefined;
		if (expected && typeof value !== expected) {
			const error = new NodeOperationError(
				ctx.getNode(),
				`Options → ${definition.displayName} must be ${expected === 'boolean' ? 'on or off' : 'a number'}, but it is ${JSON.stringify(value)}. Nothing was sent.`,
				{ description: `Set ${definition.displayName} in the node's Options to a fixed value.` },
			);
			error.context.code = 'INVALID_OPTION';
			throw error;
		}
	}
}

export function readBatchOptions(ctx: IExecuteFunctions, itemCount: number): IDataObject {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	checkOptionTypes(ctx, options);
	if (!hasExpression(ctx.getNode().parameters.options)) return options;
	for (let itemIndex = 1; itemIndex < itemCount; itemIndex++) {
		const other = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
		if (sameValue(other, options)) continue;
		const name =
			[...new Set([...Object.keys(options), ...Object.keys(other)])].find(
				(key) => !sameValue(options[key], other[key]),
			) ?? 'options';
		const error = new NodeOperationError(
			ctx.getNode(),
			`Options → ${name} is set by an expression that gives row 1 ${JSON.stringify(options[name]) ?? 'nothing'} and row ${itemIndex + 1} ${JSON.stringify(other[name]) ?? 'nothing'}. Options apply to the whole batch, so nothing was sent.`,
			{
				itemIndex,
				description:
					'Give the option one value for the whole batch (a fixed value, or an expression that is the same for every row, such as one from $vars). To treat rows differently, split them into separate Crypto Payout nodes (e.g. with an If node).',
			},
		);
		error.context.code = 'OPTIONS_DIFFER_BY_ROW';
		throw error;
	}
	return options;
}
