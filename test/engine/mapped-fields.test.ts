/**
 * Map Each Field Below reads a drag-and-drop expression (`{{ $json.column }}`) from the item
 * directly (actions/create/mapped-fields.ts). It must give exactly what n8n's getNodeParameter
 * gives, value or error, for every kind of cell, under both of n8n's expression engines: the
 * legacy one (the harness's default) and the isolated `vm` one n8n 2.x runs by default.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { createRunExecutionData, Expression, Workflow } from 'n8n-workflow';
import path from 'node:path';

import { HarnessCredentialsHelper } from '../harness/credentials';
import { createAdditionalData } from '../harness/execution-data';
import { ensureHarnessReady, REPO_ROOT } from '../harness/n8n';
import { loadPackage } from '../harness/node-types';

type MappedFieldsModule = typeof import('../../nodes/CryptoPayout/actions/create/mapped-fields');
// The built module, as n8n loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MappedFields, columnOfExpression } = require(
	path.join(REPO_ROOT, 'dist/nodes/CryptoPayout/actions/create/mapped-fields.js'),
) as MappedFieldsModule;

const FIELDS = [
	'reference',
	'address',
	'amount',
	'currency',
	'network',
	'memo',
	'description',
	'callbackUrl',
];

/** Every cell kind a sheet or an upstream node can hand over, in every field. */
const CELLS: Array<IDataObject[string]> = [
	'INV-1',
	'',
	'  padded  ',
	'1.000000000000000001',
	'={{ 1 + 1 }}',
	'ünïcødé ✓',
	1.5,
	0,
	-0,
	1e21,
	Number.MAX_SAFE_INTEGER + 2,
	true,
	false,
	null,
	{ nested: 'object' },
	['a', 1],
];

async function contextFor(parameters: INodeParameters, rows: IDataObject[]) {
	await ensureHarnessReady();
	const { nodeTypes, credentialTypes } = await loadPackage(REPO_ROOT);
	const node: INode = {
		id: 'mapped-fields',
		name: 'Crypto Payout',
		type: 'n8n-nodes-crypto-payout.cryptoPayout',
		typeVersion: 1,
		position: [0, 0],
		parameters: { provider: 'oxapay', operation: 'create', ...parameters },
	};
	const workflow = new Workflow({
		id: 'wf-mapped-fields',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const items: INodeExecutionData[] = rows.map((json) => ({ json }));
	const additionalData = createAdditionalData(
		new HarnessCredentialsHelper(credentialTypes),
		'wf-mapped-fields',
		'mapped-fields-1',
	);
	const context = new ExecuteContext(
		workflow,
		workflow.getNode(node.name)!,
		additionalData,
		'manual',
		createRunExecutionData(),
		0,
		items,
		{ main: [items] },
		{ node: workflow.getNode(node.name)!, data: { main: [items] }, source: null },
		[],
	);
	return { context, items, workflow };
}

/** A field's value or the message it fails with. */
function outcome(read: () => unknown): unknown {
	try {
		return { value: read() };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

/** The drag-and-drop forms, forms that only look like them, and computed expressions. */
const PARAMETERS: INodeParameters = {
	reference: '={{ $json.reference }}',
	address: '={{$json.address}}',
	amount: "={{ $json['Amount (USD)'] }}",
	currency: '={{ $json["currency"] }}',
	network: 'TRC20',
	memo: '={{ $json.memo }} ',
	description: '={{ String($json.description) }}',
	callbackUrl: '={{ $json.callbackUrl }}',
};

/** Columns named like what n8n's sandbox guards. */
const GUARDED_NAMES: INodeParameters = {
	...PARAMETERS,
	memo: '={{ $json.binding }}',
	description: "={{ $json['constructor'] }}",
	callbackUrl: '={{ $json.__proto__ }}',
};

/** One field that n8n refuses for every row, the others drag and drop. */
const REFUSED_BY_N8N: INodeParameters = {
	...PARAMETERS,
	memo: '={{ $json.memo }}',
	description: '={{ $json.toString }}',
};

function rowsOfEveryCell(): IDataObject[] {
	const rows: IDataObject[] = CELLS.map((cell) => ({
		reference: cell,
		address: cell,
		'Amount (USD)': cell,
		currency: cell,
		memo: cell,
		description: cell,
		callbackUrl: cell,
	}));
	rows.push({}, { reference: 'only-one-column' });
	rows.push(
		JSON.parse('{"binding":"b","constructor":"c","__proto__":"p","toString":"t"}') as IDataObject,
	);
	return rows;
}

async function compareUnder(
	engine: 'legacy' | 'vm',
	parameters: INodeParameters,
	prepare: (workflow: Workflow) => Promise<void> = async () => {},
) {
	expect(Expression.getActiveImplementation()).toBe(engine);
	const rows = rowsOfEveryCell();
	const { context, items, workflow } = await contextFor(parameters, rows);
	await prepare(workflow);
	const mapped = new MappedFields(context, items);
	for (let itemIndex = 0; itemIndex < rows.length; itemIndex++) {
		const byN8n = FIELDS.map((field) =>
			outcome(() => context.getNodeParameter(field, itemIndex, '')),
		) as Array<{ value?: unknown; error?: string }>;
		const firstError = byN8n.find((entry) => 'error' in entry);
		const expected = firstError ?? {
			value: Object.fromEntries(FIELDS.map((field, index) => [field, byN8n[index].value])),
		};
		expect({ row: rows[itemIndex], read: outcome(() => mapped.read(itemIndex)) }).toEqual({
			row: rows[itemIndex],
			read: expected,
		});
	}
}

/**
 * n8n 2.x's default engine, set up as Expression.initExpressionEngine({ engine: 'vm' }) does (that
 * call loads the runtime with a dynamic import, which Jest cannot run), with one isolate acquired
 * for the workflow's expressions as WorkflowExecute does for an execution.
 */
async function underVmEngine(
	check: (acquire: (workflow: Workflow) => Promise<void>) => Promise<void>,
) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const runtime = require('@n8n/expression-runtime') as typeof import('@n8n/expression-runtime');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { expressionSandboxHooks } = require('n8n-workflow/expression-sandboxing') as {
		expressionSandboxHooks: ConstructorParameters<typeof runtime.ExpressionEvaluator>[0]['hooks'];
	};
	const evaluator = new runtime.ExpressionEvaluator({
		createBridge: () => new runtime.IsolatedVmBridge({ timeout: 5000, memoryLimit: 128 }),
		maxCodeCacheSize: 1024,
		poolSize: 1,
		hooks: expressionSandboxHooks,
	});
	await evaluator.initialize();
	const engine = Expression as unknown as { vmEvaluator?: unknown };
	engine.vmEvaluator = evaluator;
	Expression.setExpressionEngine('vm');
	const acquired: Workflow[] = [];
	try {
		await check(async (workflow) => {
			await workflow.expression.acquireIsolate();
			acquired.push(workflow);
		});
	} finally {
		for (const workflow of acquired) await workflow.expression.releaseIsolate();
		engine.vmEvaluator = undefined;
		Expression.setExpressionEngine('legacy');
		await evaluator.dispose();
	}
}

describe('Map Each Field Below: drag-and-drop expressions read from the item', () => {
	it('recognizes exactly the editor forms, and leaves every other expression to n8n', () => {
		expect(columnOfExpression('={{ $json.reference }}')).toBe('reference');
		expect(columnOfExpression('={{$json.amount_usd}}')).toBe('amount_usd');
		expect(columnOfExpression("={{ $json['Amount (USD)'] }}")).toBe('Amount (USD)');
		expect(columnOfExpression('={{ $json["wallet address"] }}')).toBe('wallet address');
		for (const other of [
			'{{ $json.reference }}', // no leading =: a fixed text
			'={{ $json.reference }} ', // text after the expression
			'=INV-{{ $json.reference }}',
			'={{ $json.reference.trim() }}',
			'={{ $json.a.b }}',
			"={{ $('Sheet').item.json.reference }}",
			'={{ $json.reference }}{{ $json.memo }}',
			"={{ $json['it\\'s'] }}",
			'={{ $json.constructor }}',
			"={{ $json['a.constructor'] }}",
			'={{ $json.__proto__ }}',
			'={{ $json._load }}',
			'={{ $json.toString }}',
			'={{ $json.binding }}',
			'INV-1',
			42,
			undefined,
		])
			expect(columnOfExpression(other)).toBeUndefined();
	});

	it('gives what getNodeParameter gives, for every cell, under the legacy expression engine', async () => {
		await compareUnder('legacy', PARAMETERS);
		await compareUnder('legacy', GUARDED_NAMES);
		await compareUnder('legacy', REFUSED_BY_N8N);
	});

	it('gives what getNodeParameter gives, for every cell, under the isolated vm engine (n8n 2.x default)', async () => {
		await underVmEngine(async (acquire) => {
			await compareUnder('vm', PARAMETERS, acquire);
			await compareUnder('vm', GUARDED_NAMES, acquire);
			await compareUnder('vm', REFUSED_BY_N8N, acquire);
		});
	});
});
