/**
 * The Create Payout input of each item, read and validated once per execution: the reference
 * claims read it ahead of sending (to claim a whole chunk in one store call), and the item's own
 * run takes it from here instead of evaluating its expressions a second time.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getProvider } from '../../providers/registry';
import type { PayoutProvider, ValidatedPayout } from '../../providers/types';
import { PayoutFailure } from '../../shared/errors';
import { CREATE_FIELD_NAMES, REQUIRED_CREATE_FIELDS } from './fields';
import {
	createRulesFrom,
	validateCreateInput,
	type CreateInput,
	type CreateRules,
} from './validate-create';

type Checked = { payout: ValidatedPayout; provider: PayoutProvider } | { error: unknown };

export class CreateInputs {
	private readonly checked = new Map<number, Checked>();

	private readonly accountKeys = new Map<string, Promise<string>>();

	private rules?: CreateRules;

	constructor(private readonly ctx: IExecuteFunctions) {}

	/** The item's validated payout; throws its validation error. Read once, then forgotten. */
	take(itemIndex: number): ValidatedPayout {
		const checked = this.check(itemIndex);
		this.checked.delete(itemIndex);
		if ('error' in checked) throw checked.error;
		return checked.payout;
	}

	/** Throws the item's validation error, keeping the result for the item's own run. */
	validate(itemIndex: number): void {
		const checked = this.check(itemIndex);
		if ('error' in checked) throw checked.error;
	}

	/**
	 * The key a reference is claimed under: per provider and per paying account (a reference
	 * paid through the sandbox never blocks the real account), without revealing a secret.
	 */
	async keyOf(itemIndex: number): Promise<string | undefined> {
		if (this.ctx.getNodeParameter('operation', itemIndex) !== 'create') return undefined;
		const checked = this.check(itemIndex);
		if ('error' in checked) return undefined;
		const { provider, payout } = checked;
		return `payout:${provider.id}:${await this.accountKey(provider, itemIndex)}:${payout.reference}`;
	}

	private check(itemIndex: number): Checked {
		let checked = this.checked.get(itemIndex);
		if (!checked) {
			try {
				const provider = getProvider(this.ctx.getNodeParameter('provider', itemIndex) as string);
				checked = {
					provider,
					payout: validateCreateInput(
						provider,
						readCreateInput(this.ctx, itemIndex),
						(this.rules ??= createRulesFrom(
							this.ctx.getNodeParameter('options', 0, {}) as IDataObject,
						)),
					),
				};
			} catch (error) {
				checked = { error };
			}
			this.checked.set(itemIndex, checked);
		}
		return checked;
	}

	private async accountKey(provider: PayoutProvider, itemIndex: number): Promise<string> {
		let account = this.accountKeys.get(provider.id);
		if (!account) {
			account = this.ctx
				.getCredentials(provider.credentialType, itemIndex)
				.then((credentials) => provider.accountKey(credentials));
			this.accountKeys.set(provider.id, account);
		}
		return await account;
	}
}

export function readCreateInput(ctx: IExecuteFunctions, itemIndex: number): CreateInput {
	if (ctx.getNodeParameter('mappingMode', itemIndex, 'defineBelow') === 'autoMapInputData') {
		return readCreateColumns(ctx.getInputData()[itemIndex].json, itemIndex);
	}
	const read = (name: string) => ctx.getNodeParameter(name, itemIndex, '') as unknown;
	return Object.fromEntries(
		CREATE_FIELD_NAMES.map((field) => [field, read(field)]),
	) as unknown as CreateInput;
}

/**
 * "Map Automatically": each field from the input column of the same name (any case; `callback_url`
 * also works). No expression is evaluated, which is most of a mapped item's cost in n8n.
 */
export function readCreateColumns(row: IDataObject, itemIndex: number): CreateInput {
	const columns = new Map(
		Object.keys(row).map((key) => [key.toLowerCase().replace(/_/g, ''), key]),
	);
	const input: Record<string, unknown> = {};
	for (const field of CREATE_FIELD_NAMES) {
		const column = columns.get(field.toLowerCase());
		if (column === undefined && REQUIRED_CREATE_FIELDS.has(field)) {
			throw new PayoutFailure(
				'MISSING_COLUMN',
				`Item ${itemIndex} has no "${field}" column (Mapping Column Mode: Map Automatically). Columns: ${Object.keys(row).slice(0, 20).join(', ') || 'none'}.`,
				{
					field,
					description:
						'Rename the sheet column, or switch Mapping Column Mode to Map Each Field Below.',
				},
			);
		}
		input[field] = column === undefined ? '' : row[column];
	}
	return input as unknown as CreateInput;
}
