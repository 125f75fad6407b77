/**
 * Create Payout's Options collection: the options every provider shares, then each provider's own
 * (its `createOptions`), offered only while that provider is selected.
 */
import type { INodeProperties } from 'n8n-workflow';

import { PROVIDERS } from '../../providers/registry';
import type { PayoutProvider } from '../../providers/types';

/** A provider's own options, shown only while it is the selected provider. */
function createOptionsOf(provider: PayoutProvider): INodeProperties[] {
	return (provider.createOptions ?? []).map((option) => ({
		...option,
		displayOptions: {
			...option.displayOptions,
			show: { ...option.displayOptions?.show, '/provider': [provider.id] },
		},
	}));
}

const sharedOptions: INodeProperties[] = [
	{
		displayName: 'Allow AI Agent Payouts',
		name: 'allowAgentPayouts',
		type: 'boolean',
		noDataExpression: true,
		default: false,
		description:
			"Whether an AI Agent that uses this node as a tool may create payouts. Even then it may only pay currencies that have a Max Total Per Currency, and that total counts every payout of the agent's run. Without this, an agent can only read (Get, Get Many, Check Address) and use Dry Run.",
	},
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 32 },
		default: 1,
		description:
			'How many payouts are in flight at once. 1 (the default) sends them one after another, the easiest to follow if something fails; 4–8 suits large batches. Output order always matches input order.',
	},
	{
		displayName: 'Count Max Total Over',
		name: 'limitPeriod',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'This Execution',
				value: 'execution',
				description: 'Each run of the workflow counts from zero',
			},
			{
				name: 'Last 24 Hours (Payout Ledger)',
				value: 'rolling24h',
				description:
					"Every execution of this workflow in the last 24 hours, across workers; needs the credential's Payout Ledger",
			},
			{
				name: 'Today (Payout Ledger)',
				value: 'calendarDay',
				description:
					"Every execution of this workflow since midnight in the workflow's time zone; needs the credential's Payout Ledger",
			},
		],
		default: 'execution',
		description: 'What Max Total Per Currency counts',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		noDataExpression: true,
		default: false,
		description:
			'Whether to run every check of a real run and output the exact request each item would send (status "validated") without sending anything. Applies to the whole batch. Use it on a new sheet first.',
	},
	{
		displayName: 'EVM Addresses Without Checksum',
		name: 'evmAddressesWithoutChecksum',
		type: 'options',
		// It decides what may be paid, so it is fixed for the run rather than mapped per row.
		noDataExpression: true,
		options: [
			{
				name: 'Refuse',
				value: 'refuse',
				description:
					'For addresses typed or pasted by people: an all-lower-case or all-upper-case 0x address has no checksum, so a typo in it would still look valid and the funds would be lost',
			},
			{
				name: 'Send With a Warning',
				value: 'warn',
				description:
					'For addresses exported by a system that stores them in lower case (an exchange API, a database). The item and the execution hints still warn.',
			},
		],
		default: 'refuse',
		description:
			'What to do with an Ethereum/BSC/Polygon… address written in one case only, which carries no EIP-55 checksum',
	},
	{
		displayName: 'Max Total Per Currency',
		name: 'maxTotalPerCurrency',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Limit',
		description:
			'A ceiling per currency. It counts this execution only (each run counts from zero) unless Count Max Total Over says otherwise. Rows are counted in order; a row that would take the total above it is not sent and is refused with the running total. A limit without a currency or with an amount that is not positive stops the batch before anything is sent.',
		options: [
			{
				displayName: 'Limit',
				name: 'limits',
				values: [
					{
						displayName: 'Currency',
						name: 'currency',
						type: 'string',
						default: '',
						placeholder: 'USDT',
						description:
							'Currency symbol (USDT, BTC…; USDT-TRC20 works too). The limit covers it on every network. Required: the grey text is only an example.',
					},
					{
						displayName: 'Max Total',
						name: 'maxTotal',
						type: 'string',
						default: '',
						placeholder: '1000',
						description:
							'The most this execution may pay out in that currency (exact decimal, e.g. 1000)',
					},
				],
			},
		],
	},
	{
		displayName: 'Queue Mode Safety Wait (Ms)',
		name: 'claimSettleMs',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60000 },
		default: 500,
		description:
			"Without a payout ledger, each reference is recorded in n8n's database before it is paid; after this wait the node checks that the record survived (queue-mode workers writing at the same moment can erase each other's records). Paid once per 100 payouts, hidden behind sending unless 100 payouts send faster than the wait. 0 turns the check off: right when a single n8n process (regular mode) runs this workflow, which the node cannot detect itself. Ignored with a payout ledger.",
	},
	{
		displayName: 'Requests Per Second',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
		default: 0,
		description:
			'Most requests per second sent to the provider (0 = no cap). A rate-limit answer (429) pauses the whole batch for as long as the provider asks, whatever this says.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 300 },
		default: 30,
		description:
			'How long to wait for the provider. A payout whose answer does not arrive in time is reported as unknown, never sent twice.',
	},
	{
		displayName: 'Validate All First',
		name: 'validateAllFirst',
		type: 'boolean',
		noDataExpression: true,
		default: false,
		description:
			"Whether to check every row before sending the first payout also when the node's On Error setting continues: one bad row then stops the whole batch before any money moves. With n8n's default On Error (stop the workflow) every row is always checked first.",
	},
];

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { operation: ['create'] } },
	// In the editor's order: by display name, whoever contributed them.
	options: [...sharedOptions, ...PROVIDERS.flatMap(createOptionsOf)].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	),
};
