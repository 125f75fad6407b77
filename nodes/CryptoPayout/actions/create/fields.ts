/**
 * The Create Payout fields, declared once: the editor shows these properties, and Map
 * Automatically reads the input columns of the same names (required ones must exist).
 */
import type { INodeProperties } from 'n8n-workflow';

/**
 * Currency, the same dropdown in Create (required) and Check Address (optional), so a value
 * chosen in one stays when switching to the other. The list is a help: any currency the
 * provider takes is valid (USDT, usdt, USDT-TRC20, Cregis's 195@195), listed or not.
 */
function currencyProperty(
	overrides: Pick<INodeProperties, 'required' | 'description' | 'displayOptions'>,
): INodeProperties {
	return {
		displayName: 'Currency Name or ID',
		name: 'currency',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCurrencies', loadOptionsDependsOn: ['provider'] },
		allowArbitraryValues: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		...overrides,
	};
}

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
	currencyProperty({
		required: true,
		description:
			'The currency symbol (USDT, BTC, ETH, TRX…), picked from the provider\'s live list or mapped from the sheet with an expression. For Cregis its own forms also work: 195@195 or USDT-TRC20. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: showForCreate,
	}),
	{
		displayName: 'Network Name or ID',
		name: 'network',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getNetworks',
			loadOptionsDependsOn: ['provider', 'currency'],
		},
		// Any network name the node knows is valid (TRC20, Tron, ERC20…), listed or not, and a
		// value left from another currency is checked when the item runs, not flagged here.
		allowArbitraryValues: true,
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
			"Where the provider posts status updates for this payout, e.g. a Crypto Payout Trigger's Production URL. It must be reachable from the internet over HTTPS: if the trigger shows http://localhost…, set n8n's WEBHOOK_URL environment variable to n8n's public address.",
		displayOptions: showForCreate,
	},
];

/** The input columns Map Automatically reads, in field order. */
export const CREATE_FIELD_NAMES = createFieldProperties.map((property) => property.name);

/** Columns Map Automatically cannot do without. */
export const REQUIRED_CREATE_FIELDS = new Set(
	createFieldProperties.filter((property) => property.required).map((property) => property.name),
);

/** Check Address's Currency: Create's dropdown, optional, placed before Network. */
const checkAddressCurrencyProperty = currencyProperty({
	description:
		'Optional: with a currency, the network can be left empty for coins on their home chain (BTC, TRX…). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	displayOptions: { show: { operation: ['checkAddress'] } },
});

/** What Map Automatically reads, shown once it is chosen. */
export const mapAutomaticallyNotice: INodeProperties = {
	displayName: `Each input item needs these columns (names in any letter case): ${createFieldProperties
		.filter((property) => property.required)
		.map((property) => property.name)
		.join(', ')}. Optional: ${createFieldProperties
		.filter((property) => !property.required)
		.map((property) => property.name)
		.join(
			', ',
		)} (callback_url also works). A missing required column fails that item, naming the columns it has.`,
	name: 'mapAutomaticallyNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { operation: ['create'], mappingMode: ['autoMapInputData'] } },
};

/**
 * Clears Network when Currency changes to another fixed value, so a network picked for USDT does
 * not stay behind for BTC. n8n's editor (ndv.utils `removeMismatchedOptionValues`, run on every
 * parameter change) clears a value that is none of the options of a same-named parameter whose
 * display depends on the changed parameter and which is displayed: this hidden twin of Network
 * has no options and depends on Currency. It is not displayed while Currency is an expression, so
 * editing a mapped currency keeps the network. It depends on nothing else: switching Operation
 * (Create ↔ Check Address) keeps the network.
 */
const networkResetProperty: INodeProperties = {
	displayName: 'Network',
	name: 'network',
	type: 'hidden',
	default: '',
	options: [],
	// "Currency is an expression". Written as a regex: n8n 2.8's `startsWith` condition throws on a
	// missing value (e.g. Get Payout, which has no Currency), its `regex` does not.
	displayOptions: { hide: { currency: [{ _cnd: { regex: '^=' } }] } },
};

/**
 * The fields in the editor's order: Create's, with Check Address's Currency right after Create's,
 * so that Check Address shows Address, Currency, then Network (whose list depends on Currency).
 */
export const fieldProperties: INodeProperties[] = createFieldProperties.flatMap((property) => {
	if (property.name === 'currency') return [property, checkAddressCurrencyProperty];
	if (property.name === 'network') return [property, networkResetProperty];
	return [property];
});
