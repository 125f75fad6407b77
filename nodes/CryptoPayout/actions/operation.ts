/** What every operation module exports: its menu entry, its fields and how it runs one item. */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { OperationName, PayoutProvider } from '../providers/types';
import type { BatchState } from './batch-state';

export interface PayoutOperation {
	/** The entry in the Operation menu. */
	readonly option: INodePropertyOptions & { value: OperationName };
	/** The operation's fields, each shown only for it. */
	readonly properties: INodeProperties[];
	execute(
		ctx: IExecuteFunctions,
		itemIndex: number,
		provider: PayoutProvider,
		batch: BatchState,
	): Promise<IDataObject | IDataObject[]>;
}
