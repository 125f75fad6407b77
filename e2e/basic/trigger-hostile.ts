/**
 * The trigger against someone who holds genuine callbacks (issue 15), under `n8n start`, on
 * trigger-only workflows of their own (so every execution counted is one of these deliveries):
 * a genuine Cregis status-6 callback re-posted with its field boundaries shifted (Cregis's sign
 * joins keys and values with no separator, so the reshaped bodies still verify), and bodies built
 * to cost (9.5 MB / 800,000 keys; 5,000 keys in 50 KB), which must be refused with 413.
 * The OxaPay late replay is trigger-replay.ts.
 */
import { randomBytes } from 'node:crypto';

import { SANDBOX_CREGIS } from '../../sandbox';
import { signCregisFields } from '../../sandbox/cregis-sign';
import { parseRawObject } from '../../sandbox/raw-json';
import { http, SANDBOX_CREDENTIALS, type LedgerEntry, type WorkflowJson } from '../kit';
import { expect } from '../runner';
import type { BasicContext } from './create';
import { settledExecutions, triggerRuns } from './runs';

export const TRIGGER_NODE = 'Payout status';

/** The trigger-only workflows: one per provider, each with a webhook id of its own. */
export const HOSTILE = {
	oxapay: { id: 'e2eHostileOxaPay', webhookId: '6f1c2a52-0c1e-4d6b-9a0e-0a7a9e0c0011' },
	cregis: { id: 'e2eHostileCregis', webhookId: '6f1c2a52-0c1e-4d6b-9a0e-0a7a9e0c0012' },
} as const;

export const hostileHook = (base: string, provider: keyof typeof HOSTILE) =>
	`${base}/webhook/${HOSTILE[provider].webhookId}/payout-status`;

export function hostileWorkflows(): WorkflowJson[] {
	return (['oxapay', 'cregis'] as const).map((provider) => ({
		id: HOSTILE[provider].id,
		name: `e2e: ${provider} trigger only`,
		nodes: [
			{
				parameters: { provider, options: {} },
				id: `${HOSTILE[provider].id.slice(0, 8)}-0000-4000-8000-000000000001`,
				name: TRIGGER_NODE,
				type: 'n8n-nodes-crypto-payout.cryptoPayoutTrigger',
				typeVersion: 1,
				position: [0, 0],
				credentials: {
					[provider === 'oxapay' ? 'oxaPayApi' : 'cregisApi']: { ...SANDBOX_CREDENTIALS[provider] },
				},
				webhookId: HOSTILE[provider].webhookId,
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
		pinData: {},
	}));
}

export const postJson = (url: string, body: string, headers: Record<string, string> = {}) =>
	http('POST', url, {
		body,
		headers: { 'content-type': 'application/json', ...headers },
		timeoutMs: 60_000,
	});

/** A Cregis callback as JSON literals per field, in the order the e2e's builder writes them. */
type Literals = Record<string, string>;

const bodyText = (literals: Literals, sign?: string) =>
	`{${Object.entries(literals)
		.map(([key, literal]) => `${JSON.stringify(key)}:${literal}`)
		.join(',')}${sign === undefined ? '' : `,"sign":"${sign}"`}}`;

/** The sign Cregis computes for these fields: the sandbox's own signer, not the node's. */
const signOf = (literals: Literals) =>
	signCregisFields(parseRawObject(bodyText(literals))!, SANDBOX_CREGIS.apiKey);

function without(literals: Literals, name: string): Literals {
	const copy = { ...literals };
	delete copy[name];
	return copy;
}

/** A genuine status-6 callback for the payout: cid as a JSON string, remark "rent", a txid. */
function genuineStatus6(payout: LedgerEntry): Literals {
	const [chainId, tokenId] = payout.currency.split('@');
	return {
		pid: SANDBOX_CREGIS.pid,
		cid: JSON.stringify(payout.id),
		chain_id: JSON.stringify(chainId),
		token_id: JSON.stringify(tokenId),
		currency: '"USDT"',
		address: JSON.stringify(payout.address),
		amount: JSON.stringify(payout.amount),
		third_party_id: JSON.stringify(payout.reference ?? 'E2E-RESHAPE'),
		remark: '"rent"',
		status: '6',
		txid: JSON.stringify(`e2e${randomBytes(16).toString('hex')}`),
		block_height: '""',
		memo: '""',
		nonce: JSON.stringify(randomBytes(3).toString('hex')),
		timestamp: String(Date.now()),
	};
}

/** A Cregis payout with no status-6 run in the trigger-only workflow (a made-up one if none). */
export const SYNTHETIC_CREGIS_PAYOUT: LedgerEntry = {
	provider: 'cregis',
	id: '9007199254799001',
	reference: 'E2E-RESHAPE-1',
	address: 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS',
	currency: '195@TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
	amount: '12.5',
	status: 5,
	createdAt: 0,
};

/** Genuine once → 200 + 1 run; reshaped A and B → 400 (cid); C → 200 and no run. */
export async function reshapedCregisCheck(
	context: BasicContext,
	base: string,
	payout: LedgerEntry,
): Promise<string> {
	const { n8n } = context;
	const url = hostileHook(base, 'cregis');
	const genuine = genuineStatus6(payout);
	const sign = signOf(genuine);
	const cid = payout.id;
	const [chainId] = payout.currency.split('@');
	const reshaped: Array<[string, Literals, number, string]> = [
		[
			'A: cid dropped, chain_id "…cid<cid>"',
			{ ...without(genuine, 'cid'), chain_id: JSON.stringify(`${chainId}cid${cid}`) },
			400,
			'Missing or malformed cid',
		],
		[
			'B: currency dropped, cid "<cid>currencyUSDT"',
			{ ...without(genuine, 'currency'), cid: JSON.stringify(`${cid}currencyUSDT`) },
			400,
			'Missing or malformed cid',
		],
		[
			'C: remark dropped, remarkr "ent"',
			{ ...without(genuine, 'remark'), remarkr: '"ent"' },
			200,
			'success',
		],
	];
	// The attack is real: each reshaped body carries a valid signature, the genuine one's.
	for (const [label, literals] of reshaped)
		expect(
			signOf(literals) === sign,
			`reshape ${label} does not keep the sign (the test is wrong)`,
		);

	const mark = await n8n.database.lastExecutionId();
	const first = await postJson(url, bodyText(genuine, sign));
	expect(
		first.status === 200 && first.text.trim() === 'success',
		`genuine status-6 callback: ${first.status} ${first.text}`,
	);
	await settledExecutions(n8n, HOSTILE.cregis.id, { afterId: mark });
	const outcomes = [`genuine → ${first.status} ${first.text.trim()}`];
	for (const [label, literals, status, text] of reshaped) {
		const reply = await postJson(url, bodyText(literals, sign));
		outcomes.push(`${label} → ${reply.status} ${reply.text.trim()}`);
		expect(
			reply.status === status && reply.text.trim() === text,
			`reshape ${label}: answered ${reply.status} ${JSON.stringify(reply.text)}, expected ${status} ${text} (${outcomes.join('; ')})`,
		);
	}
	await settledExecutions(n8n, HOSTILE.cregis.id, { afterId: mark });
	const runs = await triggerRuns(n8n, HOSTILE.cregis.id, TRIGGER_NODE, mark);
	const ofPayout = runs.filter((run) => run.payoutId === cid && run.providerStatus === '6');
	expect(
		runs.length === 1 && ofPayout.length === 1,
		`${runs.length} workflow runs (${JSON.stringify(runs)}), expected exactly 1 for cid ${cid} status 6 (${outcomes.join('; ')})`,
	);
	return `${outcomes.join('; ')}; each reshaped map re-signed gives the genuine sign; 1 run for cid ${cid} status 6`;
}

/** 800,000 keys in 9.5 MB of JSON, unsigned. */
function hugeBody(): string {
	const keys = Array.from({ length: 800_000 }, (_, i) => `"k${i.toString(36)}":1`).join(',');
	return `{${keys},"pad":"${'x'.repeat(Math.max(0, 9_500_000 - keys.length))}"}`;
}

/** 9.5 MB to both hooks and 5,000 keys in ~50 KB to Cregis's: 413, no execution. */
export async function bodyLimitCheck(context: BasicContext, base: string): Promise<string> {
	const { n8n } = context;
	const marks = {
		oxapay: await settledExecutions(n8n, HOSTILE.oxapay.id, { quietMs: 300 }),
		cregis: await settledExecutions(n8n, HOSTILE.cregis.id, { quietMs: 300 }),
	};
	const huge = hugeBody();
	const outcomes: string[] = [];
	for (const provider of ['cregis', 'oxapay'] as const) {
		const started = performance.now();
		const reply = await postJson(hostileHook(base, provider), huge);
		const ms = performance.now() - started;
		outcomes.push(
			`${provider} ${(huge.length / 1e6).toFixed(1)} MB / 800k keys → ${reply.status} "${reply.text.trim()}" in ${ms.toFixed(0)} ms`,
		);
		expect(reply.status === 413, outcomes.join('; '));
	}
	const many = `{${Array.from({ length: 5000 }, (_, i) => `"f${i}":0`).join(',')}}`;
	const reply = await postJson(hostileHook(base, 'cregis'), many);
	outcomes.push(
		`cregis ${(many.length / 1024).toFixed(0)} KiB / 5,000 keys → ${reply.status} "${reply.text.trim()}"`,
	);
	expect(reply.status === 413 && reply.text.trim() === 'Too many fields', outcomes.join('; '));
	for (const provider of ['oxapay', 'cregis'] as const) {
		const count = await settledExecutions(n8n, HOSTILE[provider].id, { quietMs: 500 });
		expect(
			count === marks[provider],
			`${count - marks[provider]} ${provider} executions started (${outcomes.join('; ')})`,
		);
	}
	return `${outcomes.join('; ')}; no execution started`;
}
