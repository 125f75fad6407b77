/**
 * Proves the harness (test/harness/n8n.ts) against a tiny fixture package, independent of whether
 * this repo's own package currently builds: real n8n engine, real HTTP to a loopback server,
 * both credential `authenticate` forms, processed-data persistence, continueOnFail and logging.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeduplicationScope, ICheckProcessedContextData, INode } from 'n8n-workflow';
import path from 'node:path';

import { capturedLogs, processedDataStore, resetProcessedData, runNode } from '../harness/n8n';
import type { RunNodeOptions } from '../harness/n8n';
import { InMemoryDeduplicator, type Latency } from '../harness/processed-data';

interface Received {
	method?: string;
	url?: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

const packageDir = path.resolve(__dirname, '../harness/fixtures/echo-package');
const nodeType = 'n8n-nodes-echo-test.echoTest';
const API_KEY = 'sk-test-7d1e0c55';

let server: http.Server;
let baseUrl: string;
let received: Received[] = [];

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			received.push({ method: req.method, url: req.url, headers: req.headers, body });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ ok: true, length: body.length }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});

beforeEach(() => {
	received = [];
	resetProcessedData();
});

const echo = (overrides: Partial<RunNodeOptions> = {}) =>
	runNode({
		packageDir,
		nodeType,
		parameters: { url: `${baseUrl}/echo` },
		credentials: { echoTestApi: { apiKey: API_KEY } },
		items: [{ id: 'a' }, { id: 'b' }],
		...overrides,
	});

describe('n8n engine harness', () => {
	test('generic credential headers/qs are applied, the body goes out verbatim, items are paired', async () => {
		// odd spacing and key order: any re-serialization on the way would change these bytes
		const body = '{"amount": "10.50",  "memo":"raw"}';
		const result = await echo({ parameters: { url: `${baseUrl}/echo`, body } });

		expect(result.error).toBeUndefined();
		expect(received).toHaveLength(2);
		for (const request of received) {
			expect(request.method).toBe('POST');
			expect(request.headers['x-api-key']).toBe(API_KEY);
			// 'tenant' was not passed: n8n fills the credential default before authenticating
			expect(request.headers['x-tenant']).toBe('acme');
			expect(request.url).toBe('/echo?tenant=acme');
			expect(request.headers['content-type']).toBe('application/json');
			expect(request.body).toBe(body);
		}

		expect(result.outputs).toHaveLength(1);
		const response = { ok: true, length: body.length };
		expect(result.items.map((item) => item.json)).toEqual([
			{ id: 'a', alreadyProcessed: false, typeVersion: 2, response },
			{ id: 'b', alreadyProcessed: false, typeVersion: 2, response },
		]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.run.status).toBe('success');
	});

	// Real n8n 2.41 behaviour worth knowing when signing bodies: httpRequest hands a string body to
	// axios, whose JSON content-type handling re-encodes strings that are not valid JSON and trims
	// the ones that are. Only a valid, untrimmed JSON string (or a Buffer) goes out byte-for-byte.
	test.each([
		['raw text', '"raw text"'],
		[' {"a":1}\n', '{"a":1}'],
	])('a string body %j under a JSON content-type is sent as %j', async (body, wire) => {
		await echo({ parameters: { url: `${baseUrl}/echo`, body }, items: [{ id: 'q' }] });
		expect(received.map((request) => request.body)).toEqual([wire]);
	});

	test('function-form credential authenticate() is called with the outgoing request', async () => {
		const secret = 'signing-secret';
		const result = await echo({
			parameters: {
				url: `${baseUrl}/signed`,
				authentication: 'echoTestSignedApi',
				body: '{"x":1}',
			},
			credentials: { echoTestSignedApi: { secret } },
			items: [{ id: 's' }],
			typeVersion: 1,
		});

		expect(result.error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0].body).toBe('{"x":1}');
		expect(received[0].headers['x-signature']).toBe(
			createHmac('sha256', secret).update('{"x":1}').digest('hex'),
		);
		expect(received[0].headers['x-api-key']).toBeUndefined();
		expect(result.items[0].json.typeVersion).toBe(1);
	});

	test('processed data persists across runs of the same workflowId, and only those', async () => {
		const first = await echo({ workflowId: 'wf-dedupe' });
		expect(first.items.map((item) => item.json.alreadyProcessed)).toEqual([false, false]);

		const second = await echo({ workflowId: 'wf-dedupe', items: [{ id: 'a' }, { id: 'c' }] });
		expect(second.items.map((item) => item.json.alreadyProcessed)).toEqual([true, false]);

		const otherWorkflow = await echo({ workflowId: 'wf-other' });
		expect(otherWorkflow.items.map((item) => item.json.alreadyProcessed)).toEqual([false, false]);

		resetProcessedData();
		const afterReset = await echo({ workflowId: 'wf-dedupe' });
		expect(afterReset.items.map((item) => item.json.alreadyProcessed)).toEqual([false, false]);
	});

	test('continueOnFail turns a thrown NodeOperationError into an error item', async () => {
		const result = await echo({
			continueOnFail: true,
			items: [{ id: 'ok' }, { id: 'bad', fail: true }],
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			expect.objectContaining({ pairedItem: { item: 0 } }),
			{ json: { error: 'Item 1 asked to fail' }, pairedItem: { item: 1 } },
		]);
		expect(received).toHaveLength(1);
	});

	test('without continueOnFail the execution fails with the node error', async () => {
		const result = await echo({ items: [{ id: 'bad', fail: true }] });

		expect(result.items).toEqual([]);
		expect(result.run.status).toBe('error');
		expect(result.error).toMatchObject({
			name: 'NodeOperationError',
			message: 'Item 0 asked to fail',
		});
	});

	test.each(['trigger', 'cli'] as const)('runs in %s mode', async (mode) => {
		const result = await echo({ mode, items: [{ id: mode }] });
		expect(result.error).toBeUndefined();
		expect(result.run.mode).toBe(mode);
		expect(result.items).toHaveLength(1);
	});

	test('INodeExecutionData inputs are passed through as given', async () => {
		const result = await echo({ items: [{ json: { id: 'wrapped' } }] });
		expect(result.items[0].json.id).toBe('wrapped');
	});

	test("the node's log lines are captured, and the API key is not in them", async () => {
		await echo({ items: [{ id: 'logged' }] });

		const logs = capturedLogs();
		expect(logs).toContainEqual('info echoTest sent item {"itemIndex":0,"id":"logged"}');
		expect(logs.join('\n')).not.toContain(API_KEY);
	});

	test('SSRF protection stays on for everything except loopback', async () => {
		const result = await echo({
			continueOnFail: true,
			parameters: { url: 'http://169.254.169.254/latest/meta-data' },
			items: [{ id: 'metadata' }],
		});

		expect(result.items[0].json.error).toBe(
			'The request was blocked because it resolves to a restricted IP address',
		);
		expect(received).toHaveLength(0);
	});
});

describe('in-memory processed-data store (mirrors n8n’s DB-backed DeduplicationHelper)', () => {
	const workflow = (id: string) => ({ id, active: false });
	const node = (id: string): INode => ({
		id,
		name: id,
		type: 'test.node',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	});
	const entries = { mode: 'entries' as const };

	test("'entries': first batch all new; later ones compare with what was stored before", async () => {
		const store = new InMemoryDeduplicator();
		const context = { workflow: workflow('w'), node: node('n') };

		expect(await store.checkProcessedAndRecord(['x', 'x'], 'node', context, entries)).toEqual({
			new: ['x', 'x'],
			processed: [],
		});
		expect(
			await store.checkProcessedAndRecord(['x', 'y', 'y', 1], 'node', context, entries),
		).toEqual({
			new: ['y', 'y', 1],
			processed: ['x'],
		});
		// n8n stores one hash per new item, duplicates included
		expect(await store.getProcessedDataCount('node', context, entries)).toBe(5);
		// values are compared by toString(), as n8n hashes value.toString()
		expect(await store.checkProcessedAndRecord(['1'], 'node', context, entries)).toEqual({
			new: [],
			processed: ['1'],
		});
	});

	test('maxEntries keeps only the newest hashes', async () => {
		const store = new InMemoryDeduplicator();
		const context = { workflow: workflow('w') };
		const options = { mode: 'entries' as const, maxEntries: 2 };

		await store.checkProcessedAndRecord(['a', 'b', 'c'], 'workflow', context, options);
		expect(await store.getProcessedDataCount('workflow', context, options)).toBe(2);
		expect(await store.checkProcessedAndRecord(['a', 'c'], 'workflow', context, options)).toEqual({
			new: ['a'],
			processed: ['c'],
		});
	});

	test('without maxEntries every hash is kept, however many came after it (as n8n: no trim at all)', async () => {
		const store = new InMemoryDeduplicator();
		const context = { workflow: workflow('w'), node: node('n') };
		await store.checkProcessedAndRecord(['first'], 'node', context, entries);
		for (let i = 0; i < 12_000; i += 1000) {
			const batch = Array.from({ length: 1000 }, (_, j) => `later-${i + j}`);
			await store.checkProcessedAndRecord(batch, 'node', context, entries);
		}
		expect(await store.getProcessedDataCount('node', context, entries)).toBe(12_001);
		expect(await store.checkProcessedAndRecord(['first'], 'node', context, entries)).toEqual({
			new: [],
			processed: ['first'],
		});
	});

	test('records are keyed by workflow id and by scope (node scope by node id)', async () => {
		const store = new InMemoryDeduplicator();
		const n1 = { workflow: workflow('w'), node: node('n1') };
		await store.checkProcessedAndRecord(['v'], 'node', n1, entries);

		const seen = async (scope: DeduplicationScope, context: ICheckProcessedContextData) =>
			(await store.checkProcessedAndRecord(['v'], scope, context, entries)).processed.length > 0;

		expect(await seen('node', { ...n1, node: { ...node('n1'), name: 'renamed' } })).toBe(true);
		expect(await seen('node', { workflow: workflow('w'), node: node('n2') })).toBe(false);
		expect(await seen('workflow', { workflow: workflow('w'), node: node('n1') })).toBe(false);
		expect(await seen('node', { workflow: workflow('other'), node: node('n1') })).toBe(false);
		await expect(
			store.checkProcessedAndRecord(['v'], 'node', { workflow: workflow('w') }, entries),
		).rejects.toThrow("cannot use scope 'node'");
	});

	test('a record saved under another mode is refused; remove and clear work', async () => {
		const store = new InMemoryDeduplicator();
		const context = { workflow: workflow('w') };
		await store.checkProcessedAndRecord(['a', 'b'], 'workflow', context, entries);

		await expect(
			store.checkProcessedAndRecord([1], 'workflow', context, { mode: 'latestIncrementalKey' }),
		).rejects.toThrow('incompatible setting');

		await store.removeProcessed(['a'], 'workflow', context, entries);
		const again = await store.checkProcessedAndRecord(['a', 'b'], 'workflow', context, entries);
		expect(again.new).toEqual(['a']);

		await store.clearAllProcessedItems('workflow', context);
		expect(await store.getProcessedDataCount('workflow', context, entries)).toBe(0);
	});

	test("'latestIncrementalKey' keeps only the largest value seen", async () => {
		const store = new InMemoryDeduplicator();
		const context = { workflow: workflow('w') };
		const latest = { mode: 'latestIncrementalKey' as const };

		const first = await store.checkProcessedAndRecord([3, 1, 2], 'workflow', context, latest);
		expect(first.new).toEqual([3, 1, 2]);
		expect(await store.checkProcessedAndRecord([5, 2, 3, 4], 'workflow', context, latest)).toEqual({
			new: [4, 5],
			processed: [2, 3],
		});
		expect((await store.checkProcessedAndRecord([5, 6], 'workflow', context, latest)).new).toEqual([
			6,
		]);
	});
});

// The races n8n's real store has (findOne, then insert or update, no lock): without them the
// engine tests could not show a node's duplicate guard failing under concurrency.
describe('in-memory processed-data store: the database races of n8n’s DeduplicationHelper', () => {
	const entries = { mode: 'entries' as const };
	const inWorkflow = (id: string) => ({ workflow: { id, active: false } });
	const record = (store: InMemoryDeduplicator, workflowId: string, items: string[]) =>
		store.checkProcessedAndRecord(items, 'workflow', inWorkflow(workflowId), entries);
	const latencies: Latency[] = [
		{ readMs: 0, writeMs: 0 },
		{ readMs: 1, writeMs: 1 },
		{ readMs: 5, writeMs: 2 },
	];

	test.each(latencies)(
		'two first calls at once: the second insert hits the primary key (latency %j)',
		async (latency) => {
			const store = new InMemoryDeduplicator();
			store.setLatency(latency);
			const [first, second] = await Promise.allSettled([
				record(store, 'w', ['a']),
				record(store, 'w', ['b']),
			]);

			expect(first).toEqual({ status: 'fulfilled', value: { new: ['a'], processed: [] } });
			expect(second.status).toBe('rejected');
			const error = (second as PromiseRejectedResult).reason as Error;
			expect(error.message).toBe(
				'SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId, processed_data.context',
			);
			expect(error).toMatchObject({ name: 'QueryFailedError', code: 'SQLITE_CONSTRAINT' });
			expect([store.hasEntry('w', 'a'), store.hasEntry('w', 'b')]).toEqual([true, false]);
			expect(store.stats()).toMatchObject({ reads: 2, inserts: 1, conflicts: 1 });
		},
	);

	test.each(latencies)(
		'two calls at once on an existing row: both see the key as new, the later write wins (latency %j)',
		async (latency) => {
			const store = new InMemoryDeduplicator();
			await record(store, 'w', ['seed']);
			store.setLatency(latency);

			const results = await Promise.all([
				record(store, 'w', ['a', 'same']),
				record(store, 'w', ['b', 'same']),
			]);

			// the same key claimed twice: neither caller can tell
			expect(results.map((result) => result.new)).toEqual([
				['a', 'same'],
				['b', 'same'],
			]);
			// the first caller's additions are gone: the second wrote back the list it had read
			expect(['seed', 'a', 'b', 'same'].map((value) => store.hasEntry('w', value))).toEqual([
				true,
				false,
				true,
				true,
			]);
			expect(store.entryCount('w')).toBe(3);
		},
	);

	test('eight callers at once keep only the last one’s entry', async () => {
		const store = new InMemoryDeduplicator();
		await record(store, 'w', ['seed']);
		const keys = Array.from({ length: 8 }, (_, i) => `k${i}`);
		await Promise.all(keys.map((key) => record(store, 'w', [key])));
		expect(keys.filter((key) => store.hasEntry('w', key))).toEqual(['k7']);
	});

	test('removeProcessed is the same read-modify-write: it can undo a concurrent record', async () => {
		const store = new InMemoryDeduplicator();
		await record(store, 'w', ['x']);
		await Promise.all([
			record(store, 'w', ['y']),
			store.removeProcessed(['x'], 'workflow', inWorkflow('w'), entries),
		]);
		expect([store.hasEntry('w', 'x'), store.hasEntry('w', 'y')]).toEqual([false, false]);
		expect(store.entryCount('w')).toBe(0);
	});

	test('a stalled writer overwrites what others recorded while it waited', async () => {
		const store = new InMemoryDeduplicator();
		await record(store, 'w', ['seed']);
		const stall = store.stallNextWrite({ workflowId: 'w' });

		const slow = record(store, 'w', ['slow']);
		await stall.reached;
		expect(await record(store, 'w', ['fast'])).toEqual({ new: ['fast'], processed: [] });
		expect(store.hasEntry('w', 'fast')).toBe(true);

		stall.release();
		expect(await slow).toEqual({ new: ['slow'], processed: [] });
		expect(['seed', 'fast', 'slow'].map((value) => store.hasEntry('w', value))).toEqual([
			true,
			false,
			true,
		]);
	});

	test('a stall can release itself, and only holds the workflow it names', async () => {
		const store = new InMemoryDeduplicator();
		store.stallNextWrite({ workflowId: 'held', ms: 40 });
		const started = Date.now();
		await record(store, 'other', ['a']);
		expect(Date.now() - started).toBeLessThan(30);
		await record(store, 'held', ['b']);
		expect(Date.now() - started).toBeGreaterThanOrEqual(38);
		expect(store.hasEntry('held', 'b')).toBe(true);
	});

	test('callers one after another lose nothing; clear() is a fresh database', async () => {
		const store = new InMemoryDeduplicator();
		for (const key of ['a', 'b', 'c']) await record(store, 'w', [key]);
		expect(store.entryCount('w')).toBe(3);
		expect(await store.checkProcessed(['a', 'd'], 'workflow', inWorkflow('w'), entries)).toEqual({
			new: ['d'],
			processed: ['a'],
		});
		expect(store.entryCount('w')).toBe(3); // checkProcessed only reads

		store.setLatency({ readMs: 50 });
		store.clear();
		const started = Date.now();
		expect(await store.getProcessedDataCount('workflow', inWorkflow('w'), entries)).toBe(0);
		expect(Date.now() - started).toBeLessThan(40); // latency back to the default
		expect(store.stats()).toMatchObject({ reads: 1, inserts: 0 });
	});

	test('a call still in flight when the store is cleared does not write into the fresh database', async () => {
		const store = new InMemoryDeduplicator();
		const stall = store.stallNextWrite();
		const pending = record(store, 'w', ['old']);
		await stall.reached;
		store.clear(); // lets the stalled call go
		await pending;
		expect(store.entryCount('w')).toBe(0);
		expect(await record(store, 'w', ['new'])).toEqual({ new: ['new'], processed: [] });
	});

	test('runs share one store, reachable for these controls', () => {
		expect(processedDataStore()).toBeInstanceOf(InMemoryDeduplicator);
	});
});
