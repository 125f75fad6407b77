/** Test credentials and rows shared by the engine tests. All keys are the sandbox's fake ones. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SANDBOX_CREGIS, SANDBOX_OXAPAY_KEY, startSandbox, type Sandbox } from '../../sandbox';
import { resetProcessedData } from '../harness/n8n';

export const TRON_ADDRESS = 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS';
export const EVM_ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
export const BTC_ADDRESS = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';

export function credentialsFor(sandbox: Sandbox) {
	return {
		oxaPayApi: { apiKey: SANDBOX_OXAPAY_KEY, baseUrl: sandbox.oxapayBaseUrl },
		cregisApi: {
			baseUrl: sandbox.cregisBaseUrl,
			projectId: SANDBOX_CREGIS.pid,
			apiKey: SANDBOX_CREGIS.apiKey,
		},
	};
}

/** Node parameters that map every Create field from the input item, as an operator would. */
export function createParameters(
	provider: 'oxapay' | 'cregis',
	extra: INodeParameters = {},
): INodeParameters {
	return {
		provider,
		operation: 'create',
		reference: '={{ $json.reference }}',
		address: '={{ $json.address }}',
		amount: '={{ $json.amount }}',
		currency: '={{ $json.currency }}',
		network: '={{ $json.network }}',
		memo: '={{ $json.memo }}',
		description: '={{ $json.description }}',
		callbackUrl: '={{ $json.callbackUrl }}',
		...extra,
	};
}

export function row(fields: IDataObject): IDataObject {
	return { memo: '', description: '', callbackUrl: '', network: '', ...fields };
}

/**
 * One sandbox per test file, reset (with n8n's processed-data store) before each test.
 * Returns a getter: the sandbox exists only once beforeAll has run.
 */
export function useSandbox(): () => Sandbox {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	afterAll(async () => {
		await sandbox?.close();
	});
	beforeEach(() => {
		sandbox?.reset();
		resetProcessedData();
	});
	return () => sandbox!;
}

/** How often the sandbox paid each reference (upper-cased): Cregis's third_party_id, OxaPay's `[ref:…]`. */
export function timesPaid(sandbox: Sandbox): Map<string, number> {
	const paid = new Map<string, number>();
	for (const entry of sandbox.ledger()) {
		const reference =
			entry.provider === 'cregis'
				? entry.reference
				: /^\[ref:([^\]\s]+)\]/.exec(entry.description ?? '')?.[1];
		const key = String(reference).toUpperCase();
		paid.set(key, (paid.get(key) ?? 0) + 1);
	}
	return paid;
}
