/**
 * The Create Payout input of each item, read and validated once per execution: the claim planner
 * reads it ahead of sending (a whole chunk at a time), and the item's own run takes it from here
 * instead of evaluating its expressions a second time.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { PayoutProvider, ValidatedPayout } from '../../providers/types';
import { PayoutFailure } from '../../shared/errors';
import { CREATE_FIELD_NAMES, REQUIRED_CREATE_FIELDS } from './fields';
import { MappedFields } from './mapped-fields';
import { validateCreateInput, type CreateInput, type CreateRules } from './validate-create';

type Checked = { payout: ValidatedPayout } | { error: unknown };

export class CreateInputs {
	private readonly checked = new Map<number, Checked>();

	private columns?: ColumnIndex;

	private mapped?: MappedFields;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly provider: PayoutProvider,
		private readonly mapAutomatically: boolean,
		/** The Options that change what validation accepts (EVM addresses without checksum). */
		private readonly rules: CreateRules,
	) {}

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

	/** The validated payout, or undefined when the item fails validation (kept for its run). */
	payoutOf(itemIndex: number): ValidatedPayout | undefined {
		const checked = this.check(itemIndex);
		return 'payout' in checked ? checked.payout : undefined;
	}

	/**
	 * The item's fields as given (for a refused item's output, and to name its row): read again,
	 * since a refused item is rare; undefined fields when even reading fails.
	 */
	given(itemIndex: number): Partial<Record<keyof CreateInput, unknown>> {
		try {
			return this.mapAutomatically
				? this.columnIndex().read(itemIndex, false)
				: this.read(itemIndex);
		} catch {
			return {};
		}
	}

	private check(itemIndex: number): Checked {
		let checked = this.checked.get(itemIndex);
		if (!checked) {
			try {
				checked = {
					payout: validateCreateInput(this.provider, this.read(itemIndex), this.rules),
				};
			} catch (error) {
				checked = { error };
			}
			this.checked.set(itemIndex, checked);
		}
		return checked;
	}

	private read(itemIndex: number): CreateInput {
		if (!this.mapAutomatically) return this.mappedFields().read(itemIndex);
		return this.columnIndex().read(itemIndex);
	}

	private mappedFields(): MappedFields {
		this.mapped ??= new MappedFields(this.ctx, this.ctx.getInputData());
		return this.mapped;
	}

	private columnIndex(): ColumnIndex {
		this.columns ??= new ColumnIndex(this.ctx.getInputData());
		return this.columns;
	}
}

/** A column name as compared: any case, `_` ignored, a spreadsheet's byte-order mark dropped. */
const columnName = (key: string) =>
	key
		.replace(/^\uFEFF/, '')
		.toLowerCase()
		.replace(/_/g, '');

/**
 * "Map Automatically": each field from the input column of the same name (`callback_url` also
 * works). No expression is evaluated, which is most of a mapped item's cost in n8n. A column that
 * some rows have and this row lacks is an empty cell (n8n's Extract from File leaves empty cells
 * out); a column no row has is named as missing.
 */
export class ColumnIndex {
	private batchColumns?: Set<string>;

	constructor(private readonly items: Array<{ json: IDataObject }>) {}

	/** `strict`: a required column that no row has is an error (else it reads as empty). */
	read(itemIndex: number, strict = true): CreateInput {
		const row = this.items[itemIndex].json;
		const columns = new Map(Object.keys(row).map((key) => [columnName(key), key]));
		const input: Record<string, unknown> = {};
		for (const field of CREATE_FIELD_NAMES) {
			const column = columns.get(field.toLowerCase());
			if (
				strict &&
				column === undefined &&
				REQUIRED_CREATE_FIELDS.has(field) &&
				!this.anyRowHas(field)
			)
				throw missingColumn(field, row);
			input[field] = column === undefined ? '' : row[column];
		}
		return input as unknown as CreateInput;
	}

	private anyRowHas(field: string): boolean {
		this.batchColumns ??= new Set(
			this.items.flatMap((item) => Object.keys(item.json).map(columnName)),
		);
		return this.batchColumns.has(field.toLowerCase());
	}
}

function missingColumn(field: string, row: IDataObject): PayoutFailure {
	const names = Object.keys(row).map((key) => key.replace(/^\uFEFF/, ''));
	return new PayoutFailure(
		'MISSING_COLUMN',
		`No row has a column named "${field}" (Mapping Column Mode: Map Automatically). Columns: ${names.slice(0, 20).join(', ') || 'none'}.`,
		{
			field,
			description: `Name a sheet column "${field}" (any letter case), or switch Mapping Column Mode to Map Each Field Below and map it.`,
		},
	);
}
