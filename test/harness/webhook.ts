/**
 * A loopback HTTP endpoint that serves one webhook trigger node the way n8n 2.41's CLI serves a
 * production webhook. n8n-core has no webhook server (that lives in n8n's unpublished cli
 * package), so this reproduces the path a request takes there, read from n8n's source (the cli
 * 2.41.1 build in .cache/n8n/2.41.1 and packages/cli/src in n8n-io/n8n):
 *
 * - rawBodyReader + parseBody (middlewares/body-parser): the real parseIncomingMessage sets
 *   `req.contentType`/`req.encoding`, `req.readRawBody()` reads the exact bytes into `req.rawBody`,
 *   and for a typeVersion-1 node the body is always read; a JSON content type with an unparsable
 *   body is answered `422 Failed to parse request body` before the node runs.
 * - LiveWebhooks.executeWebhook: the workflow entity, with its staticData column, is loaded for every
 *   request; static data is saved (if `__dataChanged`) when the request is answered.
 * - WebhookService.runWebhook: `new WebhookContext(workflow, node, additionalData, 'webhook',
 *   webhookData, [], null)` with the request and response in additionalData, then
 *   `nodeType.webhook.call(context)`.
 * - webhook-helpers executeWebhook: the description's responseCode/responseData are evaluated;
 *   `noWebhookResponse` means the node answered itself; without `workflowData` nothing runs; with it
 *   WorkflowRunner.run starts the execution and only then is an 'onReceived' answer sent
 *   (`responseData`, which wins over `webhookResponse`; n8n's default is the text "firstEntryJson").
 *   A node that throws gets `500 Workflow Webhook Error` and an execution still starts.
 * - WorkflowRunner.run: establishContextForPersistence wraps the request's staticData object in a
 *   new Workflow, which resets its `__dataChanged`, so static data written inside webhook() is
 *   lost when an execution starts; the execution reads static data afresh, and the
 *   workflowExecuteAfter hook saves what the execution changed (whole object, last writer wins).
 * - The execution itself is n8n-core's real WorkflowExecute; a start node with `execute()` runs it
 *   there, with n8n's processed-data helpers (DataDeduplicationService over ./processed-data).
 *
 * The "database" is this module's static-data table (plus the in-memory processed-data store),
 * keyed by workflow id: a second endpoint with the same workflowId sees what the first one saved,
 * as after an n8n restart or on another webhook process or worker in queue mode. Writes take a few
 * milliseconds, like a database round trip, so overlapping requests see the same races.
 */
import './env'; // must stay first: sets N8N_USER_FOLDER etc. before n8n reads its config

import { parseIncomingMessage } from '@n8n/backend-network';
import { ExecutionLifecycleHooks, WebhookContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	NodeParameterValueType,
} from 'n8n-workflow';
import {
	createRunExecutionData,
	jsonParse,
	NodeHelpers,
	resolveWebhookDescriptionField,
	UnexpectedError,
	Workflow,
} from 'n8n-workflow';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';

import { HarnessCredentialsHelper } from './credentials';
import { createAdditionalData, workflowBase } from './execution-data';
import { journal } from './leak-journal';
import { capturedLogs } from './logging';
import { latestVersion, loadPackage } from './node-types';
import {
	createWebhookResponse,
	type HarnessWebhookRequest,
	type HarnessWebhookResponse,
	type RecordedReply,
} from './webhook-http';
import { ensureHarnessReady, REPO_ROOT, resetProcessedData } from './n8n';

export interface TriggerEndpointOptions {
	/** A provider id the package registers ('oxapay', 'cregis', or a test package's own). */
	provider: string;
	/** Decrypted credential data by credential type name, e.g. { oxaPayApi: { apiKey, baseUrl } }. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Node parameters, merged over `{ provider }`. */
	parameters?: INodeParameters;
	/** Default 'wf-trigger'. Endpoints with the same id share persisted static data. */
	workflowId?: string;
	/** Package root; default: this repository. */
	packageDir?: string;
	/** Default 'n8n-nodes-crypto-payout.cryptoPayoutTrigger'. */
	nodeType?: string;
	/**
	 * Serve the test URL ("Listen for test event", TestWebhooks): mode 'manual', /webhook-test/…, and,
	 * as in n8n, static data is neither saved after the request nor after the (manual) execution.
	 */
	testWebhook?: boolean;
}

export type EndpointReply = RecordedReply;

export interface TriggerEndpoint {
	/** http://127.0.0.1:PORT/webhook/<webhookId>/payout-status (…/webhook-test/… for a test webhook) */
	url: string;
	/** The trigger's first output in each execution started, in start order. */
	executions: INodeExecutionData[][];
	runs: IRun[];
	/** Every reply sent, in order. */
	replies: EndpointReply[];
	/** Errors thrown by the node's webhook() (n8n answers 500 and starts an error execution). */
	webhookErrors: unknown[];
	/** Resolves once every request received so far is answered and its execution has finished. */
	settled(): Promise<void>;
	close(): Promise<void>;
}

const DEFAULT_NODE_TYPE = 'n8n-nodes-crypto-payout.cryptoPayoutTrigger';
const WEBHOOK_ID = '5f0c1d2e-7a44-4c1b-9d3e-2b8f6a1c9e70';
/** Simulated latency of the static-data UPDATE in n8n's database. */
const STATIC_DATA_WRITE_MS = 25;

/** The persisted `workflow_entity.staticData` column, as JSON text, by workflow id. */
const staticDataTable = new Map<string, string>();
let executionCounter = 0;
let journaledLogLines = 0;

/** Feeds the suite-wide secret scan (leak-journal.ts): replies, outputs, errors and new log lines. */
function journalNewLogLines(): void {
	const lines = capturedLogs();
	for (; journaledLogLines < lines.length; journaledLogLines++)
		journal('log', lines[journaledLogLines]);
}

/** The static data n8n would have saved for this workflow (a copy), or undefined. */
export function persistedStaticData(workflowId = 'wf-trigger'): IDataObject | undefined {
	const stored = staticDataTable.get(workflowId);
	return stored === undefined ? undefined : (JSON.parse(stored) as IDataObject);
}

/** Forgets all persisted static data (every workflow). */
export function resetWebhookStaticData(): void {
	staticDataTable.clear();
}

/** Clears n8n's processed-data store (shared with ./n8n.ts, all workflows). */
export function resetWebhookProcessedData(): void {
	resetProcessedData();
}

export async function startTriggerEndpoint(
	options: TriggerEndpointOptions,
): Promise<TriggerEndpoint> {
	await ensureHarnessReady();
	const { nodeTypes, credentialTypes } = await loadPackage(options.packageDir ?? REPO_ROOT);
	const nodeTypeName = options.nodeType ?? DEFAULT_NODE_TYPE;
	const workflowId = options.workflowId ?? 'wf-trigger';
	const typeDefinition = nodeTypes.getByName(nodeTypeName);
	const typeVersion = latestVersion(typeDefinition);
	const nodeType = nodeTypes.getByNameAndVersion(nodeTypeName, typeVersion);
	const webhookDescription = nodeType.description.webhooks?.[0];
	if (!nodeType.webhook || !webhookDescription)
		throw new UnexpectedError(`${nodeTypeName} has no webhook`);

	const nodeTemplate: INode = {
		id: `node:${nodeTypeName}`,
		name: typeDefinition.description.displayName,
		type: nodeTypeName,
		typeVersion,
		position: [0, 0],
		webhookId: WEBHOOK_ID,
		parameters: { provider: options.provider, ...structuredClone(options.parameters ?? {}) },
		credentials: Object.fromEntries(
			Object.keys(options.credentials).map((type) => [
				type,
				{ id: `cred-${type}`, name: `${type} (harness)` },
			]),
		),
	};

	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes);
	credentialsHelper.setCredentials(options.credentials);

	/**
	 * A Workflow over `staticData` as n8n builds one. LiveWebhooks passes the entity's column value
	 * (null before anything was saved, in which case the Workflow starts from a fresh {}).
	 */
	const workflowOver = (staticData: IDataObject | null) =>
		new Workflow({
			id: workflowId,
			name: 'Harness trigger workflow',
			nodes: [structuredClone(nodeTemplate)],
			connections: {},
			active: true,
			nodeTypes,
			staticData: staticData ?? undefined,
			settings: { executionOrder: 'v1' },
		});
	/** The workflow entity's staticData column as TypeORM returns it: a new object, or null. */
	const loadStaticDataColumn = (): IDataObject | null => {
		const stored = staticDataTable.get(workflowId);
		return stored === undefined ? null : (JSON.parse(stored) as IDataObject);
	};

	const webhookPath = webhookPathOf(workflowOver(null), nodeTemplate.name, webhookDescription);
	const mode: 'webhook' | 'manual' = options.testWebhook ? 'manual' : 'webhook';
	const urlPrefix = options.testWebhook ? 'webhook-test' : 'webhook';

	const endpoint = {
		executions: [] as INodeExecutionData[][],
		runs: [] as IRun[],
		replies: [] as EndpointReply[],
		webhookErrors: [] as unknown[],
	};
	const pending = new Set<Promise<void>>();

	const handle = async (incoming: http.IncomingMessage, res: http.ServerResponse) => {
		const response = createWebhookResponse(res, (reply) => {
			endpoint.replies.push(reply);
			journal('webhook-reply', reply);
		});
		const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
		if (
			incoming.method !== webhookDescription.httpMethod ||
			url.pathname !== `/${urlPrefix}/${webhookPath}`
		) {
			response.status(404).json({ code: 404, message: 'The requested webhook is not registered.' });
			return;
		}

		const req = toWebhookRequest(incoming, url);
		// LiveWebhooks.executeWebhook: the entity is loaded per request; its staticData object is shared
		// by the webhook's Workflow and by `activeWorkflowData`, which the execution is started with.
		const staticDataColumn = loadStaticDataColumn();
		const workflow = workflowOver(staticDataColumn);
		const node = workflow.getNode(nodeTemplate.name)!;
		const additionalData = createAdditionalData(credentialsHelper, workflowId, `webhook-request`);
		additionalData.httpRequest = req as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
		additionalData.httpResponse =
			response as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
		const webhookData: IWebhookData = {
			httpMethod: webhookDescription.httpMethod as IWebhookData['httpMethod'],
			node: node.name,
			path: webhookPath,
			webhookDescription,
			workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
			isTest: options.testWebhook === true,
		};

		/**
		 * LiveWebhooks' response callback: static data is saved (a database round trip) BEFORE the
		 * callback's data is sent. A node that wrote the reply itself has already answered by then.
		 */
		const respond = async (data?: { body: unknown; code: number }) => {
			if (mode === 'webhook') await saveStaticData(workflow);
			if (data && !response.headersSent) sendNodeResponse(response, data.body, data.code);
		};

		await workflow.expression.acquireIsolate();
		// evaluateResponseOptions (WebhookExecutionContext), before the node runs
		const responseCode = Number(
			describe(workflow, node, webhookDescription, 'responseCode', 'simple', 200),
		);
		const responseData = describe(
			workflow,
			node,
			webhookDescription,
			'responseData',
			'complex',
			'firstEntryJson',
		);
		let result: IWebhookResponseData;
		let run: Promise<IRun>;
		try {
			const parseError = await parseRequestBody(req, workflow, node);
			if (parseError) {
				response.status(422).json({ code: 422, message: 'Failed to parse request body' });
				return;
			}
			let answered = false;
			try {
				const context = new WebhookContext(
					workflow,
					node,
					additionalData,
					mode,
					webhookData,
					[],
					null,
				);
				result = (await nodeType.webhook!.call(context)) as IWebhookResponseData;
			} catch (error) {
				// invokeWebhook: a generic 500 (no static data saved: the callback gets an error), and
				// on the live path an execution still starts, carrying the error.
				endpoint.webhookErrors.push(error);
				journal('webhook-error', error);
				response
					.status(500)
					.json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
				result = { noWebhookResponse: true, workflowData: [[{ json: {} }]] };
				answered = true;
			}

			// handleImmediateWebhookResponse
			if (result.noWebhookResponse === true && !answered) {
				await respond();
				answered = true;
			}
			if (result.workflowData === undefined) {
				if (!answered)
					await respond({
						body: result.webhookResponse ?? { message: 'Webhook call received' },
						code: responseCode,
					});
				return;
			}
			// WorkflowRunner.run, before a deferred 'onReceived' answer is sent:
			// - establishContextForPersistence builds a Workflow over activeWorkflowData.staticData, the
			//   same object the webhook's Workflow wraps; ObservableObject.create resets its
			//   `__dataChanged`, so static data written inside webhook() is not saved below;
			// - prepareNewExecution (loadStaticData = true) reads static data afresh from the database.
			workflowOver(staticDataColumn);
			const executionWorkflow = workflowOver(loadStaticDataColumn() ?? {});
			run = runExecution(
				executionWorkflow,
				nodeTemplate.name,
				result.workflowData,
				credentialsHelper,
				workflowId,
				mode,
			);
			if (!answered) {
				await respond({ body: onReceivedBody(responseData, result), code: responseCode });
			}
		} finally {
			await workflow.expression.releaseIsolate();
		}

		const finished = await run;
		endpoint.runs.push(finished);
		const output = finished.data.resultData.runData[nodeTemplate.name]?.[0]?.data?.main?.[0] ?? [];
		endpoint.executions.push(output);
		journal('webhook-run', { outputs: [output], error: finished.data.resultData.error });
	};

	const server = http.createServer((incoming, res) => {
		const task = handle(incoming, res).catch((error: unknown) => {
			endpoint.webhookErrors.push(error);
			journal('webhook-error', error);
			if (!res.headersSent) {
				res.statusCode = 500;
				res.end('harness error');
			}
		});
		pending.add(task);
		void task.finally(() => {
			pending.delete(task);
			journalNewLogLines();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}/${urlPrefix}/${webhookPath}`,
		...endpoint,
		async settled() {
			while (pending.size > 0) await Promise.all([...pending]);
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

function webhookPathOf(
	workflow: Workflow,
	nodeName: string,
	description: IWebhookDescription,
): string {
	const node = workflow.getNode(nodeName)!;
	let nodePath = String(
		workflow.expression.getSimpleParameterValue(node, description.path, 'internal', {}),
	);
	nodePath = nodePath.replace(/^\//, '').replace(/\/$/, '');
	const isFullPath = workflow.expression.getSimpleParameterValue(
		node,
		description.isFullPath,
		'internal',
		{},
		undefined,
		false,
	) as boolean;
	return NodeHelpers.getNodeWebhookPath(workflow.id, node, nodePath, isFullPath, false);
}

function readAll(incoming: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => resolve(Buffer.concat(chunks)));
		incoming.on('error', reject);
	});
}

/**
 * What n8n's express stack makes of the incoming message before the webhook runs: the real
 * parseIncomingMessage (sets `contentType`, `encoding`), rawBodyReader's lazy `readRawBody()`
 * (the exact bytes, read once, into `rawBody`), and express's params/query.
 */
function toWebhookRequest(incoming: http.IncomingMessage, url: URL): HarnessWebhookRequest {
	parseIncomingMessage(incoming);
	const req = incoming as HarnessWebhookRequest;
	req.params = {};
	req.query = Object.fromEntries(url.searchParams);
	req.body = undefined;
	req.readRawBody = async () => {
		if (!req.rawBody) req.rawBody = await readAll(incoming);
	};
	return req;
}

/**
 * webhook-helpers parseRequestBody + body-parser parseBody. Returns true when n8n would refuse the
 * request with 422 before calling the node.
 */
async function parseRequestBody(
	req: HarnessWebhookRequest,
	workflow: Workflow,
	node: INode,
): Promise<boolean> {
	if (node.typeVersion === 1) {
		const binaryData = workflow.expression.getSimpleParameterValue(
			node,
			'={{$parameter["options"]["binaryData"]}}',
			'webhook',
			{},
			undefined,
			false,
		);
		if (binaryData) return false;
	}
	const { contentType } = req;
	if (contentType?.startsWith('multipart/')) return false;
	const parsable =
		!!contentType &&
		(contentType.startsWith('application/json') ||
			contentType.startsWith('text/plain') ||
			contentType.startsWith('application/x-www-form-urlencoded') ||
			contentType.endsWith('/xml') ||
			contentType.endsWith('+xml'));
	if (node.typeVersion > 1 && !parsable) return false;

	await req.readRawBody();
	const { rawBody } = req;
	if (!rawBody?.length) return false;
	const text = rawBody.toString(req.encoding);
	const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	try {
		if (contentType === 'application/json') req.body = jsonParse(withoutBom);
		else if (contentType === 'application/x-www-form-urlencoded')
			req.body = parseQueryString(withoutBom, undefined, undefined, { maxKeys: 1000 });
		else if (contentType === 'text/plain') req.body = text;
	} catch {
		return true;
	}
	return false;
}

/**
 * WebhookExecutionContext.evaluate{Simple,Complex}WebhookDescriptionExpression: a native resolver
 * when the description declares one, else n8n's expression engine over the node's parameters.
 */
function describe(
	workflow: Workflow,
	node: INode,
	description: IWebhookDescription,
	field: keyof IWebhookDescription & string,
	kind: 'simple' | 'complex',
	defaultValue: unknown,
): unknown {
	const native = resolveWebhookDescriptionField(node, description, field);
	if (native.resolved) return native.value;
	const value = description[field] as string | boolean | undefined;
	return kind === 'simple'
		? workflow.expression.getSimpleParameterValue(
				node,
				value,
				'webhook',
				{},
				undefined,
				defaultValue as string | number | boolean | undefined,
			)
		: workflow.expression.getComplexParameterValue(
				node,
				value,
				'webhook',
				{},
				undefined,
				defaultValue as NodeParameterValueType,
			);
}

/** extractWebhookOnReceivedResponse: the description's responseData wins over webhookResponse. */
function onReceivedBody(responseData: unknown, result: IWebhookResponseData): unknown {
	if (responseData === 'noData') return undefined;
	if (responseData) return responseData;
	if (result.webhookResponse !== undefined) return result.webhookResponse;
	return { message: 'Workflow was started' };
}

/** webhook-request-handler sendStaticResponse / sendLegacyResponse (raw). */
function sendNodeResponse(response: HarnessWebhookResponse, data: unknown, code: number) {
	if (response.headersSent) return;
	if (typeof data === 'string' || Buffer.isBuffer(data)) response.status(code).send(data);
	else if (data === undefined) response.status(code).end();
	else response.status(code).json(data);
}

/**
 * WorkflowStaticDataService.saveStaticData: when the proxy saw a change, the whole staticData
 * object replaces the column. The write is a database round trip, modelled by a short wait, so a
 * request that arrives meanwhile loads the previous value, as it would in n8n.
 */
async function saveStaticData(workflow: Workflow) {
	if (workflow.staticData.__dataChanged !== true) return;
	await saveStaticDataById(workflow.id, workflow.staticData);
	workflow.staticData.__dataChanged = false;
}

async function saveStaticDataById(workflowId: string, staticData: IDataObject) {
	const snapshot = JSON.stringify(staticData);
	await new Promise((resolve) => setTimeout(resolve, STATIC_DATA_WRITE_MS));
	staticDataTable.set(workflowId, snapshot);
}

async function runExecution(
	workflow: Workflow,
	nodeName: string,
	workflowData: INodeExecutionData[][],
	credentialsHelper: HarnessCredentialsHelper,
	workflowId: string,
	mode: 'webhook' | 'manual',
): Promise<IRun> {
	const executionId = `harness-webhook-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowBase(workflow));
	const finished = new Promise<IRun>((resolve) => {
		// hookFunctionsSave (regular mode) / hookFunctionsSaveWorker (queue mode): static data the
		// execution changed replaces the column, whole.
		hooks.addHandler('workflowExecuteAfter', async (fullRunData, newStaticData) => {
			if (mode !== 'manual' && newStaticData) await saveStaticDataById(workflow.id, newStaticData);
			resolve(fullRunData);
		});
	});
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: workflow.getNode(nodeName)!, data: { main: workflowData }, source: null },
			],
		},
	});
	const additionalData = createAdditionalData(credentialsHelper, workflowId, executionId);
	additionalData.hooks = hooks;
	await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(
		workflow,
	);
	return await finished;
}
