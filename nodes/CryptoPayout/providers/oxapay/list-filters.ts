/**
 * Get Many Payouts for OxaPay: the history filters the editor offers, and their translation into
 * OxaPay's query names. Amounts stay exact decimal text; dates become unix seconds.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { compareDecimals, decimalTextFromInput } from '../../shared/decimal';
import { PayoutFailure } from '../../shared/errors';

export const oxaPayListFilterOptions: INodeProperties[] = [
	{
		displayName: 'Amount From',
		name: 'fromAmount',
		type: 'string',
		default: '',
		description: 'Smallest amount (exact decimal)',
	},
	{
		displayName: 'Amount To',
		name: 'toAmount',
		type: 'string',
		default: '',
		description: 'Largest amount (exact decimal)',
	},
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
];

interface ListFilters {
	status?: string;
	currency?: string;
	network?: string;
	type?: string;
	fromAmount?: string;
	toAmount?: string;
	fromDate?: string;
	toDate?: string;
	sortBy?: string;
	sortType?: string;
}

function unixSeconds(value: string | undefined, field: string): number | undefined {
	if (!value) return undefined;
	const ms = Date.parse(value);
	if (Number.isNaN(ms))
		throw new PayoutFailure('INVALID_DATE', `${field} "${value}" is not a date.`, { field });
	return Math.floor(ms / 1000);
}

/** The Filters collection as OxaPay's history query. */
export function oxaPayListQuery(filters: ListFilters): IDataObject {
	const query: IDataObject = {};
	if (filters.status) query.status = filters.status;
	if (filters.currency) query.currency = filters.currency.trim().toUpperCase();
	if (filters.network) query.network = filters.network.trim();
	if (filters.type) query.type = filters.type;
	if (filters.fromAmount)
		query.from_amount = decimalTextFromInput(filters.fromAmount, 'fromAmount');
	if (filters.toAmount) query.to_amount = decimalTextFromInput(filters.toAmount, 'toAmount');
	if (
		query.from_amount &&
		query.to_amount &&
		compareDecimals(String(query.from_amount), String(query.to_amount)) > 0
	) {
		throw new PayoutFailure('INVALID_RANGE', 'Amount From is larger than Amount To.', {
			field: 'fromAmount',
		});
	}
	query.from_date = unixSeconds(filters.fromDate, 'fromDate');
	query.to_date = unixSeconds(filters.toDate, 'toDate');
	if (filters.sortBy) query.sort_by = filters.sortBy;
	if (filters.sortType) query.sort_type = filters.sortType;
	return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
}
