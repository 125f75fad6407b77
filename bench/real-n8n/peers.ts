/**
 * The peer an operator builds without this package, side by side with ours in the same n8n: n8n's
 * HTTP Request node posting the same OxaPay payout from the same rows (a JSON body with
 * expressions, the key in a Header Auth credential), with its Batching option at 8 requests per
 * 50 ms and without it (every item's request at once). Timed like part A; then, on a second
 * sandbox that records raw request bodies, what each one sends for the amount
 * `1.000000000000000001` and how many payouts a re-run of the same rows makes. Ours also runs with
 * the payout ledger (ledger-peer.ts), when PostgreSQL is there.
 */
import { SANDBOX_OXAPAY_KEY } from '../../sandbox';
import type { CredentialJson, N8nInstance } from '../../e2e/kit';
import { rows, runId } from '../common';
import type { SandboxProcess } from '../sandbox-process';
import { runBatch, type Batch, type BenchRun } from './batch';
import { CONFIG, EXECUTION_SAVE_TIMEOUT_MS, log } from './config';
import { LEDGER_SCHEMA, measureLedgerPair, type LedgerPair } from './ledger-peer';
import { CREDENTIALS, feedWorkflow, payoutNode, payoutParameters, uuidFrom } from './workflows';
import type { BenchWorkflow } from './workflows';

export type PeerKey =
	| 'oursDefaults'
	| 'oursConcurrencyExpr'
	| 'oursConcurrencyAuto'
	| 'oursOneProcess'
	| 'oursLedger'
	| 'httpBatching'
	| 'httpUnbounded';

export const PEER_LABEL: Record<PeerKey, string> = {
	oursDefaults: 'Crypto Payout, defaults (expressions, Concurrency 1)',
	oursConcurrencyExpr: 'Crypto Payout, Concurrency 8 + expressions',
	oursConcurrencyAuto: 'Crypto Payout, Concurrency 8 + Map Automatically',
	oursOneProcess: 'same, Queue Mode Safety Wait 0 (one n8n process)',
	oursLedger: 'same, with the payout ledger (PostgreSQL)',
	httpBatching: 'HTTP Request, Batching 8 per 50 ms',
	httpUnbounded: 'HTTP Request, no batching (all at once)',
};
export const PEER_KEYS = Object.keys(PEER_LABEL) as PeerKey[];

/** The peers that run: all of them, or all but the ledger's when there is no PostgreSQL. */
export const peerKeys = (withLedger: boolean) =>
	PEER_KEYS.filter((key) => withLedger || key !== 'oursLedger');

const HEADER_AUTH = {
	type: 'httpHeaderAuth',
	id: 'cpxBenchHdrAuth1',
	name: 'OxaPay key (Header Auth)',
};
/** Our OxaPay credential on the recording sandbox. */
const RECORDING_OXAPAY = { type: 'oxaPayApi', id: 'cpxBenchOxaRec01', name: 'OxaPay (recording)' };
/**
 * Our OxaPay credentials with the payout ledger, on the bench and the recording sandbox: the same
 * account as the others, plus the ledger's URL and schema, as an operator turns the ledger on.
 */
const LEDGER_OXAPAY = { type: 'oxaPayApi', id: 'cpxBenchOxaLdg01', name: 'OxaPay (ledger)' };
const RECORDING_LEDGER_OXAPAY = {
	type: 'oxaPayApi',
	id: 'cpxBenchOxaRecL1',
	name: 'OxaPay (recording, ledger)',
};

/** The JSON body an operator writes in the HTTP Request node: OxaPay's fields from the row. */
const JSON_BODY = `={
  "address": "{{ $json.address }}",
  "amount": {{ $json.amount }},
  "currency": "{{ $json.currency }}",
  "network": "{{ $json.network }}",
  "description": "{{ $json.reference }}"
}`;

function httpRequestNode(id: string, baseUrl: string, batching: boolean) {
	return {
		id: uuidFrom(`${id}:http`),
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [440, 0],
		parameters: {
			method: 'POST',
			url: `${baseUrl}/payout`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: JSON_BODY,
			options: batching ? { batching: { batch: { batchSize: 8, batchInterval: 50 } } } : {},
		},
		credentials: { httpHeaderAuth: { id: HEADER_AUTH.id, name: HEADER_AUTH.name } },
	};
}

/** OxaPay answered a payout: HTTP Request's item is OxaPay's reply. */
const oxaPayAccepted = (item: Record<string, unknown>) =>
	item.status === 200 && Boolean((item.data as { track_id?: unknown } | undefined)?.track_id);

function peerWorkflow(
	key: PeerKey,
	id: string,
	baseUrl: string,
	credential = CREDENTIALS.oxapay as { type: string; id: string; name: string },
): BenchWorkflow {
	switch (key) {
		case 'httpBatching':
		case 'httpUnbounded':
			return feedWorkflow(id, httpRequestNode(id, baseUrl, key === 'httpBatching'), {
				provider: 'oxapay',
				accepts: oxaPayAccepted,
			});
		case 'oursDefaults': {
			const { options: _options, ...fields } = payoutParameters('oxapay', 'expr');
			return feedWorkflow(id, payoutNode(id, 'oxapay', { ...fields, options: {} }, credential), {
				provider: 'oxapay',
				mapping: 'expr',
			});
		}
		case 'oursConcurrencyExpr':
		case 'oursConcurrencyAuto':
		case 'oursOneProcess':
		case 'oursLedger': {
			const mapping = key === 'oursConcurrencyExpr' ? 'expr' : 'auto';
			const parameters = payoutParameters('oxapay', mapping);
			if (key === 'oursOneProcess')
				// What the README tells a single-process install to set: no cross-process check.
				parameters.options = { ...(parameters.options as object), claimSettleMs: 0 };
			// oursLedger keeps the default options: with a ledger the node has no settle wait at all.
			return feedWorkflow(id, payoutNode(id, 'oxapay', parameters, credential), {
				provider: 'oxapay',
				mapping,
			});
		}
	}
}

const SHORT: Record<PeerKey, string> = {
	oursDefaults: 'OurDef',
	oursConcurrencyExpr: 'OurExp',
	oursConcurrencyAuto: 'OurAut',
	oursOneProcess: 'OurOne',
	oursLedger: 'OurLed',
	httpBatching: 'HttpBat',
	httpUnbounded: 'HttpAll',
};

export interface PeerWorkflows {
	keys: PeerKey[];
	timed: Partial<Record<PeerKey, BenchWorkflow>>;
	checked: Partial<Record<PeerKey, BenchWorkflow>>;
}

/**
 * The peer workflows: timed ones on the bench sandbox, checked ones on the recording sandbox. Each
 * has its own workflow id, and every batch posts fresh references (runBatch, checkPeer: `runId`),
 * so the ledger, keyed by reference across workflows, never sees a reference twice but in the
 * re-run check, on purpose.
 */
export function peerWorkflows(
	benchBaseUrl: string,
	recordingBaseUrl: string,
	keys: PeerKey[],
): PeerWorkflows {
	const each = (prefix: string, baseUrl: string, pick: (key: PeerKey) => typeof LEDGER_OXAPAY) =>
		Object.fromEntries(
			keys.map((key) => [key, peerWorkflow(key, `${prefix}${SHORT[key]}`, baseUrl, pick(key))]),
		);
	return {
		keys,
		timed: each('cpxBp', benchBaseUrl, (key) =>
			key === 'oursLedger' ? LEDGER_OXAPAY : CREDENTIALS.oxapay,
		),
		checked: each('cpxBc', recordingBaseUrl, (key) =>
			key === 'oursLedger' ? RECORDING_LEDGER_OXAPAY : RECORDING_OXAPAY,
		),
	};
}

/**
 * The credentials the peers add: the key as a Header Auth credential, ours on the recording
 * sandbox, and, with a ledger URL, ours with the ledger on both sandboxes.
 */
export function peerCredentials(
	benchBaseUrl: string,
	recordingBaseUrl: string,
	ledgerUrl?: string,
): CredentialJson[] {
	const oxaPay = (baseUrl: string) => ({ apiKey: SANDBOX_OXAPAY_KEY, baseUrl });
	const base = [
		{ ...HEADER_AUTH, data: { name: 'payout_api_key', value: SANDBOX_OXAPAY_KEY } },
		{ ...RECORDING_OXAPAY, data: oxaPay(recordingBaseUrl) },
	];
	if (!ledgerUrl) return base;
	const ledger = { ledgerUrl, ledgerSchema: LEDGER_SCHEMA };
	return [
		...base,
		{ ...LEDGER_OXAPAY, data: { ...oxaPay(benchBaseUrl), ...ledger } },
		{ ...RECORDING_LEDGER_OXAPAY, data: { ...oxaPay(recordingBaseUrl), ...ledger } },
	];
}

export interface PeerCheck {
	/** What reached OxaPay's create endpoint for the row whose amount is 1.000000000000000001. */
	amountSent: string | null;
	/** The execution's status and, when the node refused, its message. */
	amountExecution: string;
	/** Payouts the sandbox made for that row. */
	amountPaid: number;
	/** Payouts after the first run of the re-run rows, and after the second run of the same rows. */
	rerunRows: number;
	paidAfterFirstRun: number;
	paidAfterReRun: number;
}

/** The ledger peer: its PostgreSQL (or why it was skipped) and the issue's figure. */
export interface LedgerPeer {
	database: string;
	pair: LedgerPair | null;
}

export interface PeerResults {
	payouts: number;
	timed: Partial<Record<PeerKey, Batch>>;
	checks: Partial<Record<PeerKey, PeerCheck>>;
	ledger: LedgerPeer;
}

const AMOUNT_LITERAL = /"amount"\s*:\s*("?[^,}"]*"?)/;

/** Posts rows to a workflow and waits for its execution, whatever its outcome. */
async function postAndWait(
	bench: BenchRun,
	target: BenchWorkflow,
	body: unknown,
): Promise<{ status: string; error?: string }> {
	const before = await bench.n8n.database.lastExecutionId();
	await fetch(bench.main.webhookUrl(target.path), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(120_000),
	}).then((response) => response.text());
	const execution = await bench.n8n.waitForExecution(target.id, before, {
		timeoutMs: EXECUTION_SAVE_TIMEOUT_MS,
		main: bench.main,
	});
	return { status: execution.status, error: execution.error };
}

async function checkPeer(
	bench: BenchRun,
	recording: SandboxProcess,
	key: PeerKey,
	target: BenchWorkflow,
): Promise<PeerCheck> {
	await recording.reset();
	const [row] = rows('oxapay', runId(`amount-${key}`), 1);
	const outcome = await postAndWait(bench, target, {
		rows: [{ ...row, amount: '1.000000000000000001' }],
	});
	const posts = (await recording.requests()).filter(
		(request) => request.method === 'POST' && request.path.endsWith('/payout'),
	);
	const amountSent = posts.length ? (AMOUNT_LITERAL.exec(posts[0].rawBody)?.[1] ?? '?') : null;
	const amountPaid = (await recording.counts()).ledger.oxapay;

	await recording.reset();
	const rerunRows = rows('oxapay', runId(`rerun-${key}`), CONFIG.peers.rerunRows);
	await postAndWait(bench, target, { rows: rerunRows });
	const paidAfterFirstRun = (await recording.counts()).ledger.oxapay;
	await postAndWait(bench, target, { rows: rerunRows });
	const paidAfterReRun = (await recording.counts()).ledger.oxapay;
	return {
		amountSent,
		amountExecution: `${outcome.status}${outcome.error ? `: ${outcome.error.slice(0, 160)}` : ''}`,
		amountPaid,
		rerunRows: rerunRows.length,
		paidAfterFirstRun,
		paidAfterReRun,
	};
}

/**
 * The timed runs (one each, in a rotating order after a warm-up), the ledger's pair when its peer
 * runs, and the checks.
 */
export async function measurePeers(
	bench: BenchRun,
	recording: SandboxProcess,
	workflows: PeerWorkflows,
	ledgerDatabase: string,
): Promise<PeerResults> {
	const payouts = CONFIG.peers.payouts;
	const { keys } = workflows;
	const timedWorkflow = (key: PeerKey) => workflows.timed[key]!;
	// The warm-up also migrates the ledger's schema (once per n8n process), before anything is timed.
	for (const key of keys) await runBatch(bench, timedWorkflow(key), 8, `warm-peer-${key}`);
	const timed: PeerResults['timed'] = {};
	for (const key of keys) {
		log(`peers ${key}: ${payouts} payouts…`);
		const batch = await runBatch(bench, timedWorkflow(key), payouts, `peer-${key}`);
		timed[key] = batch;
		log(
			`peers ${key}: node ${(batch.nodeWallMs / 1000).toFixed(2)} s, n8n CPU ${batch.cpuUsPerPayout.toFixed(0)} µs/payout`,
		);
	}
	const pair = keys.includes('oursLedger')
		? await measureLedgerPair(bench, {
				oursOneProcess: timedWorkflow('oursOneProcess'),
				oursLedger: timedWorkflow('oursLedger'),
			})
		: null;
	const checks: PeerResults['checks'] = {};
	for (const key of keys) {
		const check = await checkPeer(bench, recording, key, workflows.checked[key]!);
		checks[key] = check;
		log(
			`peers ${key}: amount 1.000000000000000001 → sent ${check.amountSent ?? 'nothing'}; re-run of ${check.rerunRows} rows: ${check.paidAfterFirstRun} then ${check.paidAfterReRun} payouts`,
		);
	}
	return { payouts, timed, checks, ledger: { database: ledgerDatabase, pair } };
}
