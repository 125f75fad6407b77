import type { INodeProperties } from 'n8n-workflow';

export const getProperties: INodeProperties[] = [
	{
		displayName: 'Payout ID',
		name: 'payoutId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.payoutId }}',
		description: 'The payoutId from Create Payout (OxaPay track ID, Cregis cid)',
		displayOptions: { show: { operation: ['get'] } },
	},
];

export const checkAddressProperties: INodeProperties[] = [
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		default: '',
		placeholder: 'e.g. USDT',
		description: 'Optional: with a currency, the network can be left empty for coins on their home chain',
		displayOptions: { show: { operation: ['checkAddress'] } },
	},
];

const showForList = { show: { operation: ['getMany'] } };

export const getManyProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showForList,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { operation: ['getMany'], returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showForList,
		options: [
			{ displayName: 'Amount From', name: 'fromAmount', type: 'string', default: '', description: 'Smallest amount (exact decimal)' },
			{ displayName: 'Amount To', name: 'toAmount', type: 'string', default: '', description: 'Largest amount (exact decimal)' },
			{ displayName: 'Currency', name: 'currency', type: 'string', default: '', placeholder: 'USDT' },
			{ displayName: 'Date From', name: 'fromDate', type: 'dateTime', default: '' },
			{ displayName: 'Date To', name: 'toDate', type: 'dateTime', default: '' },
			{ displayName: 'Network', name: 'network', type: 'string', default: '', placeholder: 'Tron' },
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				options: [
					{ name: 'Amount', value: 'amount' },
					{ name: 'Created', value: 'create_date' },
					{ name: 'Paid', value: 'pay_date' },
				],
				default: 'create_date',
			},
			{
				displayName: 'Sort Order',
				name: 'sortType',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'asc' },
					{ name: 'Descending', value: 'desc' },
				],
				default: 'desc',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Canceled', value: 'canceled' },
					{ name: 'Confirmed', value: 'confirmed' },
					{ name: 'Confirming', value: 'confirming' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Processing', value: 'processing' },
					{ name: 'Rejected', value: 'rejected' },
				],
				default: 'processing',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: [
					{ name: 'External (On-Chain)', value: 'external' },
					{ name: 'Internal (OxaPay Account)', value: 'internal' },
				],
				default: 'external',
			},
		],
	},
];
