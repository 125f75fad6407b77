/**
 * The accounts, credentials and workflows of the ledger checks: two sandbox accounts per provider,
 * four credentials that all point at one payout ledger, and the webhook workflows (Webhook → Split
 * Out body.rows → Crypto Payout) the checks call: Create, Create with a daily limit, Find by
 * Reference, Resolve Unknown Payout and Release Reference.
 */
import { SANDBOX_CREGIS, SANDBOX_OXAPAY_KEY } from '../../sandbox';
import { loadWorkflow, type CredentialJson, type SandboxUrls, type WorkflowJson } from '../kit';

/** The ledger's schema in n8n's own database ("the PostgreSQL that queue mode already runs"). */
export const LEDGER_SCHEMA = 'crypto_payout';

/** A paying account: which provider, which credential (all four share the ledger). */
export interface Payer {
	short: 'OX1' | 'OX2' | 'CG1' | 'CG2';
	provider: 'oxapay' | 'cregis';
	credential: { type: string; id: string; name: string };
	data: (urls: SandboxUrls) => Record<string, string>;
}

/** The sandbox's second accounts: obviously fake. */
export const SECOND_OXAPAY_KEY = 'sandbox-oxapay-payout-key-0002';
export const SECOND_CREGIS = {
	pid: '1382528827410002',
	apiKey: 'e2e-second-cregis-project-key-02',
};

const oxapay = (short: Payer['short'], id: string, apiKey: string): Payer => ({
	short,
	provider: 'oxapay',
	credential: { type: 'oxaPayApi', id, name: `OxaPay ${short} (sandbox, ledger)` },
	data: (urls) => ({ apiKey, baseUrl: urls.oxapayBaseUrl }),
});
const cregis = (short: Payer['short'], id: string, project: { pid: string; apiKey: string }) =>
	({
		short,
		provider: 'cregis',
		credential: { type: 'cregisApi', id, name: `Cregis ${short} (sandbox, ledger)` },
		data: (urls) => ({
			baseUrl: urls.cregisBaseUrl,
			projectId: project.pid,
			apiKey: project.apiKey,
		}),
	}) satisfies Payer;

export const PAYERS = {
	OX1: oxapay('OX1', 'cpxLedgerOxaPay1', SANDBOX_OXAPAY_KEY),
	OX2: oxapay('OX2', 'cpxLedgerOxaPay2', SECOND_OXAPAY_KEY),
	CG1: cregis('CG1', 'cpxLedgerCregis1', SANDBOX_CREGIS),
	CG2: cregis('CG2', 'cpxLedgerCregis2', SECOND_CREGIS),
} satisfies Record<string, Payer>;

/** The credentials, each with the ledger URL and schema (or, for the proof run, an empty URL). */
export function ledgerCredentials(urls: SandboxUrls, ledgerUrl: string): CredentialJson[] {
	return Object.values(PAYERS).map((payer) => ({
		...payer.credential,
		data: { ...payer.data(urls), ledgerUrl, ledgerSchema: LEDGER_SCHEMA },
	}));
}

/** One webhook workflow: Webhook (replies with every item) → Split Out body.rows → Crypto Payout. */
export interface Hook {
	workflow: WorkflowJson;
	path: string;
	payer: Payer;
}

let hookCount = 0;
function hook(id: string, payer: Payer, parameters: Record<string, unknown>): Hook {
	const path = `cpx-ledger-${id.replace(/^cpxLedger/, '').toLowerCase()}`;
	const workflow = loadWorkflow('e2e/workflows/webhook-batch.json', {
		__ID__: id,
		__PROVIDER__: payer.provider,
		__PATH__: path,
		__WEBHOOK_ID__: `7a2d3b63-1d2f-4e7c-8b1f-${String(++hookCount).padStart(12, '0')}`,
		__CRED_TYPE__: payer.credential.type,
		__CRED_ID__: payer.credential.id,
		__CRED_NAME__: payer.credential.name,
	});
	const node = workflow.nodes.find((entry) => entry.name === 'Crypto Payout')!;
	node.parameters = { provider: payer.provider, ...parameters };
	workflow.name = `e2e ledger: ${id}`;
	return { workflow, path, payer };
}

const rowFields = {
	operation: 'create',
	reference: '={{ $json.reference }}',
	address: '={{ $json.address }}',
	amount: '={{ $json.amount }}',
	currency: '={{ $json.currency }}',
	network: '={{ $json.network }}',
	memo: '={{ $json.memo }}',
	description: '={{ $json.description }}',
};

/**
 * Queue Mode Safety Wait 20 s on every Create: with a ledger it must not be paid (the claims are
 * decided by the unique key). The proof run without a ledger keeps n8n's default instead, the
 * fair comparison (20 s per execution would only make it slow).
 */
const createOptions = (withLedger: boolean) => ({
	concurrency: 8,
	...(withLedger ? { claimSettleMs: 20_000 } : {}),
});
const daily = { maxTotalPerCurrency: { limits: [{ currency: 'USDT', maxTotal: '100' }] } };
const reference = (operation: string, extra: Record<string, unknown> = {}) => ({
	operation,
	reference: '={{ $json.reference }}',
	...extra,
});

export function ledgerHooks(withLedger: boolean) {
	const create = (id: string, payer: Payer, more: Record<string, unknown> = {}) =>
		hook(id, payer, { ...rowFields, options: { ...createOptions(withLedger), ...more } });
	return {
		create: {
			OX1: create('cpxLedgerPayOX1', PAYERS.OX1),
			OX2: create('cpxLedgerPayOX2', PAYERS.OX2),
			CG1: create('cpxLedgerPayCG1', PAYERS.CG1),
			CG2: create('cpxLedgerPayCG2', PAYERS.CG2),
		},
		// One workflow per mode: a rolling 24 h counts every earlier execution of its workflow.
		limit: {
			Q1: create('cpxLedgerLimitQ1', PAYERS.OX1, { ...daily, limitPeriod: 'rolling24h' }),
			Q5: create('cpxLedgerLimitQ5', PAYERS.CG1, { ...daily, limitPeriod: 'rolling24h' }),
		},
		find: {
			oxapay: hook(
				'cpxLedgerFindOX1',
				PAYERS.OX1,
				reference('findReference', { inDoubtAfterMinutes: 1 }),
			),
			cregis: hook(
				'cpxLedgerFindCG1',
				PAYERS.CG1,
				reference('findReference', { inDoubtAfterMinutes: 1 }),
			),
		},
		resolve: {
			oxapay: hook(
				'cpxLedgerResolveOX1',
				PAYERS.OX1,
				reference('resolveReference', { inDoubtAfterMinutes: 1 }),
			),
			cregis: hook(
				'cpxLedgerResolveCG1',
				PAYERS.CG1,
				reference('resolveReference', { resendToSettle: true, inDoubtAfterMinutes: 1 }),
			),
		},
		release: hook(
			'cpxLedgerReleaseOX1',
			PAYERS.OX1,
			reference('releaseReference', { inDoubtAfterMinutes: 1 }),
		),
		// The same operations through the provider's other account (other-account.ts).
		otherAccount: {
			resolve: hook(
				'cpxLedgerResolveCG2',
				PAYERS.CG2,
				reference('resolveReference', { resendToSettle: true, inDoubtAfterMinutes: 1 }),
			),
			release: hook(
				'cpxLedgerReleaseOX2',
				PAYERS.OX2,
				reference('releaseReference', { inDoubtAfterMinutes: 1 }),
			),
		},
	};
}
export type Hooks = ReturnType<typeof ledgerHooks>;

export const allHooks = (hooks: Hooks): Hook[] => [
	...Object.values(hooks.create),
	...Object.values(hooks.limit),
	...Object.values(hooks.find),
	...Object.values(hooks.resolve),
	hooks.release,
	...Object.values(hooks.otherAccount),
];
