/**
 * No key ever reaches an output item, an error (message, description, context, cause) or a log
 * line, whatever happens: success, refusals, faults, validation errors, Dry Run, with and without
 * Continue On Fail. (The whole suite is also scanned after it ends: see test/harness/leak-journal.ts.)
 */
import { startSandbox, type Fault, type Sandbox } from '../../sandbox';
import { exposeAll, findSecrets } from '../harness/leak-journal';
import { capturedLogs, resetProcessedData, runNode } from '../harness/n8n';
import { createParameters, credentialsFor, EVM_ADDRESS, row, TRON_ADDRESS } from './fixtures';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.close();
});

const faults: Array<Fault | undefined> = [
	undefined,
	{ kind: 'ip-not-allowed' },
	{ kind: 'server-error', afterProcessing: true },
	{ kind: 'html', status: 403 },
	{ kind: 'drop', afterProcessing: true },
	{
		kind: 'status',
		status: 400,
		body: '{"data":{},"message":"bad","error":{"type":"x","key":"amount","message":"bad amount"},"status":400,"version":"1.0.0"}',
	},
];

it('keeps every test key out of outputs, errors and logs', async () => {
	const seen: string[] = [];
	for (const provider of ['oxapay', 'cregis'] as const) {
		for (const continueOnFail of [true, false]) {
			for (const fault of faults) {
				sandbox.reset();
				resetProcessedData();
				if (fault) sandbox.injectFault({ provider, method: 'POST' }, fault);
				for (const credentials of [
					credentialsFor(sandbox),
					{
						oxaPayApi: { apiKey: 'wrong-key-0000', baseUrl: sandbox.oxapayBaseUrl },
						cregisApi: {
							...credentialsFor(sandbox).cregisApi,
							apiKey: '00000000000000000000000000000000',
						},
					},
					{
						oxaPayApi: { apiKey: 'wrong-key-0000', baseUrl: 'http://example.com/v1' },
						cregisApi: { ...credentialsFor(sandbox).cregisApi, baseUrl: 'http://example.com' },
					},
				]) {
					const result = await runNode({
						parameters: createParameters(provider),
						credentials,
						continueOnFail,
						items: [
							row({
								reference: 'S-1',
								address: TRON_ADDRESS,
								amount: '2',
								currency: 'USDT',
								network: 'TRC20',
							}),
							row({
								reference: 'S-2',
								address: EVM_ADDRESS,
								amount: '2',
								currency: 'USDT',
								network: 'TRC20',
							}),
						],
					});
					seen.push(JSON.stringify(exposeAll({ items: result.items, error: result.error })));
				}
			}
		}
		const dry = await runNode({
			parameters: createParameters(provider, { options: { dryRun: true } }),
			credentials: credentialsFor(sandbox),
			items: [
				row({
					reference: 'S-3',
					address: TRON_ADDRESS,
					amount: '2',
					currency: 'USDT',
					network: 'TRC20',
				}),
			],
		});
		seen.push(JSON.stringify(exposeAll(dry.items)));
	}
	seen.push(...capturedLogs());
	expect(seen.length).toBeGreaterThan(70);
	// The scan itself works: a planted key is found.
	expect(findSecrets(`x ${'sandbox-oxapay-payout-key-0000'} y`)).toHaveLength(1);
	const leaks = seen.filter((text) => findSecrets(text).length > 0);
	expect(leaks).toEqual([]);
	// Insecure base URLs were refused with a clear message before any key was attached.
	expect(seen.some((text) => /must use https/.test(text))).toBe(true);
}, 180_000);
