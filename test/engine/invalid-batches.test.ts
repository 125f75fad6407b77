/** Generated invalid rows through the node in n8n's engine: not one request reaches the provider. */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../sandbox';
import { resetProcessedData, runNode } from '../harness/n8n';
import { createParameters, credentialsFor, row, TRON_ADDRESS } from './fixtures';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.close();
});

const invalidRow = fc.oneof(
	fc.record({
		field: fc.constant('amount'),
		value: fc.constantFrom('-1', '0', '1,5', '1e400', 'abc', '1.1234567', '', 'NaN'),
	}),
	fc.record({ field: fc.constant('address'), value: fc.string({ maxLength: 40 }) }),
	fc.record({
		field: fc.constant('memo'),
		value: fc.string({ minLength: 1, maxLength: 10 }).filter((m) => m.trim() !== ''),
	}),
	fc.record({
		field: fc.constant('reference'),
		value: fc.constantFrom('', ' ', 'has space', '-leading', 'x'.repeat(65), 'ünïcode'),
	}),
	fc.record({
		field: fc.constant('network'),
		value: fc.constantFrom('Dogechain', 'ERC-9999', 'XRP'),
	}),
);

it.each(['oxapay', 'cregis'] as const)(
	'%s: batches of generated invalid rows send nothing and name the field',
	async (provider) => {
		await fc.assert(
			fc.asyncProperty(fc.array(invalidRow, { minLength: 50, maxLength: 120 }), async (rows) => {
				sandbox.reset();
				resetProcessedData();
				const items: IDataObject[] = rows.map(({ field, value }, i) =>
					row({
						reference: `P-${i}`,
						address: TRON_ADDRESS,
						amount: '1',
						currency: 'USDT',
						network: 'TRC20',
						[field]: value,
					}),
				);
				const result = await runNode({
					parameters: createParameters(provider),
					credentials: credentialsFor(sandbox),
					items,
					continueOnFail: true,
				});
				expect(sandbox.requests).toHaveLength(0);
				expect(result.items).toHaveLength(items.length);
				result.items.forEach((item, i) => {
					const error = item.json.error as IDataObject;
					expect(error).toBeDefined();
					const expected = rows[i].field === 'network' ? ['network', 'currency'] : [rows[i].field];
					expect(expected).toContain(error.field);
				});
			}),
			{ numRuns: 8 },
		);
	},
);
