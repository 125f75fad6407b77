/**
 * The Create Payout fields, declared once: the editor shows these properties, and Map
 * Automatically reads the input columns of the same names (required ones must exist).
 */
import type { INodeProperties } from 'n8n-workflow';

/** Fields typed or mapped one by one: hidden when Create takes them from the input columns. */
const showForCreate = { show: { operation: ['create'], mappingMode: ['defineBelow'] } };
/** Address and Network also serve Check Address. */
const showForCreateOrCheck = {
	show: { operation: ['create', 'checkAddress'] },
	hide: { mappingMode: ['autoMapInputData'] },
};

export const createFieldProperties: INodeProperties[] = [
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.invoice_id }}',
		description:
			'A unique business ID for this payout: map the invoice number or the sheet row ID. A reference that was already paid is never paid again, even if the workflow runs twice. Never use the execution ID, the date or a random value. Letters, digits and . _ - : # / @ + (up to 64).',
		displayOptions: showForCreate,
	},
	{
		displayName: 'Recipient Address',
		name: 'address',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS',
		description:
			'The wallet address that receives the funds. It is checked (including its checksum) against the network before anything is sent.',
		displayOptions: showForCreateOrCheck,
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 12.5',
		description:
			'The exact amount in the currency itself (not USD), with a dot as decimal separator. More decimals than the currency allows is an error: the node never rounds.',
		displayOptions: showForCreate,
	},
	{
		displayName: 'Currency Name or ID',
		name: 'currency',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCurrencies', loadOptionsDependsOn: ['provider'] },
		required: true,
		default: '',
		description:
			'The currency symbol (USDT, BTC, ETH, TRX…), picked from the provider\'s live list or mapped from the sheet with an expression. For Cregis its own forms also work: 195@195 or USDT-TRC20. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: showForCreate,
	},
	{
		displayName: 'Network Name or ID',
		name: 'network',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getNetworks',
			loadOptionsDependsOn: ['provider', 'currency'],
		},
		default: '',
		description:
			'The chain to send on: TRC20 / Tron, ERC20 / Ethereum, BEP20 / BSC, Polygon, Base, Solana, TON, Bitcoin… Required for tokens (USDT, USDC) and for coins on several chains. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: showForCreateOrCheck,
	},
	{
		displayName: 'Memo / Tag',
		name: 'memo',
		type: 'string',
		default: '',
		description:
			'Only for TON (a comment) and XRP (a numeric destination tag). Exchanges usually require it: without it funds can be lost. Leave empty for other networks.',
		displayOptions: showForCreate,
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		description: "A note kept with the payout in the provider's reports (Cregis: remark)",
		displayOptions: showForCreate,
	},
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		placeholder: 'https://your-n8n.example.com/webhook/payout-status',
		description:
			"Where the provider posts status updates for this payout (e.g. a Crypto Payout Trigger's URL). HTTPS.",
		displayOptions: showForCreate,
	},
];

/** The input columns Map Automatically reads, in field order. */
export const CREATE_FIELD_NAMES = createFieldProperties.map((property) => property.name);

/** Columns Map Automatically cannot do without. */
export const REQUIRED_CREATE_FIELDS = new Set(
	createFieldProperties.filter((property) => property.required).map((property) => property.name),
);
