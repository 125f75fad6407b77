/**
 * The trigger example under `n8n start` (server.ts starts it): payouts created by the node with the
 * trigger's production URL as callback_url, callbacks delivered by the sandbox (signed as the
 * providers sign them) and forged ones posted directly. What ran is judged afterwards from n8n's
 * executions (trigger-runs.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { SANDBOX_OXAPAY_KEY } from '../../sandbox';
import { http, sleep, tail, type LedgerEntry } from '../kit';
import { expect } from '../runner';
import { cregisCallbackBody, hmac, oxapayCallbackBody } from './callbacks';
import type { BasicContext } from './create';
import { triggerCheckName, type Delivered } from './trigger-runs';

const OXAPAY_WEBHOOK_ID = '6f1c2a52-0c1e-4d6b-9a0e-0a7a9e0c0001';
const CREGIS_WEBHOOK_ID = '6f1c2a52-0c1e-4d6b-9a0e-0a7a9e0c0002';
/** The pause that lets n8n save the trigger's record (workflow static data) after it has answered. */
const SETTLE_MS = 1_500;

export function triggerInPackage(packageDir: string): boolean {
	const pkg = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[] };
	};
	return (pkg.n8n?.nodes ?? []).some((file) => /CryptoPayoutTrigger\.node\.js$/.test(file));
}

interface Hooks {
	oxapay: string;
	cregis: string;
}

/** Callbacks a provider would never send validly: each must be refused (4xx, not 404). */
function forgeries(hooks: Hooks, oxa: LedgerEntry, crg: LedgerEntry) {
	const oxaBody = oxapayCallbackBody(oxa, 'Confirmed');
	const signed = { HMAC: hmac(oxaBody, SANDBOX_OXAPAY_KEY) };
	const list: Array<[string, string, string, Record<string, string>]> = [
		['OxaPay without HMAC header', hooks.oxapay, oxaBody, {}],
		['OxaPay HMAC of zeros', hooks.oxapay, oxaBody, { HMAC: '0'.repeat(128) }],
		[
			'OxaPay HMAC with another key',
			hooks.oxapay,
			oxaBody,
			{ HMAC: hmac(oxaBody, 'attacker-key') },
		],
		[
			'OxaPay body changed after signing',
			hooks.oxapay,
			oxaBody.replace('"Confirmed"', '"Confirming"'),
			signed,
		],
		['OxaPay-signed body at the Cregis trigger', hooks.cregis, oxaBody, signed],
		['Cregis without sign', hooks.cregis, cregisCallbackBody(crg, { status: 6, sign: '' }), {}],
		[
			'Cregis signed with another key',
			hooks.cregis,
			cregisCallbackBody(crg, { status: 6, apiKey: '0'.repeat(32) }),
			{},
		],
		[
			'Cregis correctly signed, 30 min old (replay)',
			hooks.cregis,
			cregisCallbackBody(crg, { status: 6, timestamp: Date.now() - 30 * 60_000 }),
			{},
		],
		[
			'Cregis amount changed after signing',
			hooks.cregis,
			cregisCallbackBody(crg, { status: 6 }).replace(`"amount":"${crg.amount}"`, '"amount":"999"'),
			{},
		],
	];
	return list;
}

/** The callback URLs of the notify example's two triggers on `base`. */
export function triggerHooks(base: string): Hooks {
	return {
		oxapay: `${base}/webhook/${OXAPAY_WEBHOOK_ID}/payout-status`,
		cregis: `${base}/webhook/${CREGIS_WEBHOOK_ID}/payout-status`,
	};
}

export interface CallbackPayouts {
	oxa: LedgerEntry[];
	crg: LedgerEntry[];
}

/**
 * Before `n8n start`: 2 OxaPay and 2 Cregis payouts whose callback_url is the trigger's
 * production URL (e2e/workflows/create-with-callback.json through `n8n execute`).
 */
export async function createCallbackPayouts(
	{ n8n, sandbox }: BasicContext,
	base: string,
): Promise<CallbackPayouts> {
	const hooks = triggerHooks(base);
	await sandbox.reset();
	await n8n.importWorkflows(
		n8n.workflow('e2e/workflows/create-with-callback.json', { __WEBHOOK_BASE__: base }),
	);
	const created = await n8n.execute('e2eCreateCallback1');
	expect(
		created.code === 0,
		`creating the payouts failed (${created.code})\n${tail(created.stdout + created.stderr)}`,
	);
	const entries = await sandbox.ledger();
	const oxa = entries.filter((entry) => entry.provider === 'oxapay');
	const crg = entries.filter((entry) => entry.provider === 'cregis');
	expect(oxa.length === 2 && crg.length === 2, `ledger: ${JSON.stringify(entries)}`);
	expect(
		oxa.every((entry) => entry.callbackUrl === hooks.oxapay) &&
			crg.every((entry) => entry.callbackUrl === hooks.cregis),
		'callback_url not passed to the providers',
	);
	return { oxa, crg };
}

/** Ready when the trigger itself answers (it refuses an empty body with 400/415, n8n a malformed one with 422); while starting up n8n answers 404 or 503. */
export async function triggerAnswers(url: string): Promise<boolean> {
	return [400, 415, 422].includes((await http('POST', url, { body: '', timeoutMs: 5_000 })).status);
}

/**
 * The notify example's deliveries while `n8n start` runs: signed ones (and their retries),
 * forged ones, two at once. Returns what was delivered, for triggerRunChecks() once n8n stopped.
 */
export async function triggerDeliveryChecks(
	context: BasicContext,
	base: string,
	{ oxa, crg }: CallbackPayouts,
): Promise<Delivered> {
	const { sandbox, reporter } = context;
	const { check } = reporter;
	const hooks = triggerHooks(base);
	const setStatus = async (entry: LedgerEntry, status: string | number) => {
		const set = await sandbox.setStatus(entry.id, status, `0xe2e${entry.id}`);
		expect(set.status === 200, `set status ${status} on ${entry.id}: ${set.text}`);
	};
	const redeliver = (entry: LedgerEntry) => sandbox.deliverCallback(entry.id);
	const acknowledged = (reply: { json: unknown }) =>
		(reply.json as { accepted?: boolean } | undefined)?.accepted === true;
	const deliver = async (entry: LedgerEntry, status: string | number) => {
		await setStatus(entry, status);
		const sent = await redeliver(entry);
		expect(
			sent.status === 200 && acknowledged(sent),
			`${entry.provider} callback for ${entry.id} (${status}) not accepted: ${sent.text}`,
		);
		return sent.json as { status: number; body: unknown };
	};
	const retry = async (entries: LedgerEntry[]) => {
		for (const entry of entries) {
			const again = await redeliver(entry);
			expect(acknowledged(again), `retry for ${entry.id} not acknowledged: ${again.text}`);
			await sleep(SETTLE_MS);
		}
	};
	const delivered: Delivered = { single: [], concurrent: [], forged: 0 };

	await check(
		triggerCheckName('signed callbacks from the sandbox are acknowledged, retries too'),
		async () => {
			const outcomes = [];
			for (const [entry, status, key] of [
				[oxa[0], 'confirmed', 'confirmed'],
				[oxa[1], 'failed', 'failed'],
				[crg[0], 6, '6'],
				[crg[1], 7, '7'],
			] as Array<[LedgerEntry, string | number, string]>) {
				const reply = await deliver(entry, status);
				delivered.single.push(`${entry.provider}|${entry.id}|${key}`);
				outcomes.push(
					`${entry.provider} ${status} → ${reply.status} ${JSON.stringify(reply.body)}`,
				);
				await sleep(SETTLE_MS);
			}
			// A provider retrying a delivered callback: acknowledged again, must not start a second execution.
			await retry([oxa[0], crg[0]]);
			// Cross-check of the signer: a Cregis callback signed here from the documented algorithm (a retry of crg[1] = 7).
			const independent = await http('POST', hooks.cregis, {
				body: cregisCallbackBody(crg[1], { status: 7 }),
				headers: { 'content-type': 'application/json' },
			});
			expect(
				independent.status === 200 && independent.text.trim() === 'success',
				`independently signed Cregis callback: ${independent.status} ${independent.text}`,
			);
			return `${outcomes.join('; ')}; 2 sandbox retries and 1 independently signed Cregis retry acknowledged`;
		},
	);

	await check(triggerCheckName('forged, tampered and replayed callbacks are refused'), async () => {
		const forged = forgeries(hooks, oxa[1], crg[1]);
		const outcomes = [];
		for (const [label, url, body, headers] of forged) {
			const reply = await http('POST', url, {
				body,
				headers: { 'content-type': 'application/json', ...headers },
			});
			// A 404 would mean the webhook is not there at all, not that the trigger refused the delivery.
			expect(
				reply.status >= 400 &&
					reply.status < 500 &&
					reply.status !== 404 &&
					!['ok', 'success'].includes(reply.text.trim()),
				`${label}: answered ${reply.status} ${JSON.stringify(reply.text)}, expected the trigger's refusal`,
			);
			outcomes.push(`${label} → ${reply.status}`);
		}
		delivered.forged = forged.length;
		return outcomes.join('; ');
	});

	await check(triggerCheckName('two callbacks at once, then both retried'), async () => {
		// Two new statuses for two payouts, delivered concurrently (as a provider does for a batch).
		await setStatus(oxa[0], 'confirming');
		await setStatus(crg[0], 2);
		const replies = await Promise.all([redeliver(oxa[0]), redeliver(crg[0])]);
		expect(
			replies.every(acknowledged),
			`concurrent deliveries: ${replies.map((reply) => reply.text).join(' | ')}`,
		);
		delivered.concurrent.push(`oxapay|${oxa[0].id}|confirming`, `cregis|${crg[0].id}|2`);
		await sleep(SETTLE_MS);
		await retry([oxa[0], crg[0]]);
		return 'both acknowledged, both retries acknowledged';
	});
	return delivered;
}
