/**
 * Runs one node through n8n's real execution engine (n8n-core's WorkflowExecute), loaded from the
 * BUILT package the way n8n loads an installed community package. Modeled on n8n's own
 * packages/core/nodes-testing harness, which is not published.
 *
 * Per process (i.e. per Jest test file) the harness installs, once:
 * - a capturing logger as both LoggerProxy and the DI `Logger` a node's `this.logger` resolves to;
 * - an in-memory processed-data store behind DataDeduplicationService (shared by all runs, keyed
 *   by workflowId like n8n's table, with the real store's read-then-write races; see
 *   ./processed-data and processedDataStore());
 * - the outbound HTTP SSRF policy (see configureOutboundHttp).
 */
import './env'; // must stay first: sets N8N_USER_FOLDER etc. before n8n reads its config

import { Logger } from '@n8n/backend-common';
import { SsrfProtectionConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import { DataDeduplicationService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
} from 'n8n-workflow';
import { createRunExecutionData, LoggerProxy, UnexpectedError, Workflow } from 'n8n-workflow';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { HarnessCredentialsHelper } from './credentials';
import { createAdditionalData, workflowBase } from './execution-data';
import { journal } from './leak-journal';
import { CapturingLogger, capturedLogs as allLogLines } from './logging';
import { latestVersion, loadedPackageDirs, loadPackage } from './node-types';
import { InMemoryDeduplicator } from './processed-data';

export { capturedLogs } from './logging';

let journaledLogLines = 0;
function journalNewLogLines(): void {
	const lines = allLogLines();
	for (; journaledLogLines < lines.length; journaledLogLines++)
		journal('log', lines[journaledLogLines]);
}

export interface RunNodeOptions {
	/** Package root; default: this repository (its package.json "n8n" section points at dist/). */
	packageDir?: string;
	/** `<package name>.<node name>`; default 'n8n-nodes-crypto-payout.cryptoPayout'. */
	nodeType?: string;
	/** Default: the highest version the node declares. */
	typeVersion?: number;
	parameters: INodeParameters;
	/** Decrypted credential data by credential type name, e.g. { oxaPayApi: { apiKey } }. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Input items; plain objects are wrapped as `{ json }`. */
	items: Array<IDataObject | INodeExecutionData>;
	/** Sets node.onError = 'continueRegularOutput' (the "Continue" error setting). */
	continueOnFail?: boolean;
	/** node.onError as set in the editor; wins over continueOnFail. 'continueErrorOutput' adds n8n's error output. */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** Default 'wf-test'. Runs with the same workflowId share processed-data history. */
	workflowId?: string;
	/** Default: a new id per run. Runs given one id act as calls within one execution (an agent's tool calls). */
	executionId?: string;
	/** Stops the execution when aborted, as n8n's Stop does (see below). */
	abortSignal?: AbortSignal;
	/** Execution mode, default 'manual'. */
	mode?: 'manual' | 'trigger' | 'cli';
}

export interface RunNodeResult {
	/** The node's first output. */
	items: INodeExecutionData[];
	/** Every output. */
	outputs: INodeExecutionData[][];
	/** resultData.error when the execution failed (the node threw). */
	error?: unknown;
	run: IRun;
	/** Credential reads (decryptions in n8n) during the run, the node's and n8n's own. */
	credentialDecryptions: number;
}

/** The package root, whether this runs from test/harness (jest) or compiled under .build/. */
export const REPO_ROOT = findPackageRoot(__dirname);

function findPackageRoot(start: string): string {
	for (let dir = start; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'nodes')))
			return dir;
	}
	throw new UnexpectedError(`No package root above ${start}`);
}
const DEFAULT_NODE_TYPE = 'n8n-nodes-crypto-payout.cryptoPayout';

const deduplicator = new InMemoryDeduplicator();
let initialized: Promise<void> | undefined;
let executionCounter = 0;

/**
 * A fresh processed-data database: no records (all workflows, all scopes), default latency, no
 * stalled calls.
 */
export function resetProcessedData(): void {
	deduplicator.clear();
	forgetProcessMemory();
}

/**
 * Forgets what the node's modules remember process-wide (the references they paid lately), as a
 * restart of every n8n process would: the repository's build and every copy loaded as another
 * worker. For tests that start from a clean process, or that check what n8n's processed-data
 * store alone guards.
 */
export function forgetProcessMemory(): void {
	for (const packageDir of new Set([REPO_ROOT, ...loadedPackageDirs()])) {
		const modulePath = path.join(
			packageDir,
			'dist/nodes/CryptoPayout/actions/create/recent-payouts.js',
		);
		if (!existsSync(modulePath)) continue;
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		(require(modulePath) as { forgetRecentPayouts(): void }).forgetRecentPayouts();
	}
}

/**
 * Resolves once the node holds no reference in this process: an execution that was stopped goes
 * on in the background (n8n cancels the run, not the node's promise) until its items settle.
 */
export async function untilNodeIdle(timeoutMs = 10_000): Promise<void> {
	const modulePath = path.join(REPO_ROOT, 'dist/nodes/CryptoPayout/shared/key-holds.js');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const holds = require(modulePath) as { heldKeyCount(): number };
	for (const started = Date.now(); holds.heldKeyCount() > 0;) {
		if (Date.now() - started > timeoutMs)
			throw new UnexpectedError(`The node still holds ${holds.heldKeyCount()} references`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/**
 * The processed-data store every run of this process shares, for tests that need its controls
 * (simulated DB latency, a stalled writer) or want to look at what it holds.
 */
export function processedDataStore(): InMemoryDeduplicator {
	return deduplicator;
}

export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	await ensureHarnessReady();

	const { nodeTypes, credentialTypes } = await loadPackage(options.packageDir ?? REPO_ROOT);
	const nodeType = options.nodeType ?? DEFAULT_NODE_TYPE;
	const mode = options.mode ?? 'manual';
	const workflowId = options.workflowId ?? 'wf-test';
	const typeDefinition = nodeTypes.getByName(nodeType);
	const typeVersion = options.typeVersion ?? latestVersion(typeDefinition);

	const node: INode = {
		// stable per node type, so scope 'node' history survives across runs, as in a saved workflow
		id: `node:${nodeType}`,
		name: typeDefinition.description.displayName,
		type: nodeType,
		typeVersion,
		position: [0, 0],
		parameters: structuredClone(options.parameters),
		credentials: Object.fromEntries(
			Object.keys(options.credentials ?? {}).map((type) => [
				type,
				{ id: `cred-${type}`, name: `${type} (harness)` },
			]),
		),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.onError ? { onError: options.onError } : {}),
	};

	// The Workflow constructor fills in parameter defaults, exactly as when n8n loads a workflow.
	const workflow = new Workflow({
		id: workflowId,
		name: 'Harness workflow',
		nodes: [node],
		connections: {},
		active: mode === 'trigger',
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const startNode = workflow.getNode(node.name)!;

	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes);
	credentialsHelper.setCredentials(options.credentials ?? {});

	const executionId = options.executionId ?? `harness-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowBase(workflow));
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolve(fullRunData));
	});

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [toItems(options.items)] }, source: null },
			],
		},
	});
	const additionalData = createAdditionalData(credentialsHelper, workflowId, executionId);
	additionalData.hooks = hooks;

	const execution = new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	// Stopping an execution (the editor's Stop, n8n's REST API) cancels this promise: n8n aborts
	// the execution's signal and finishes the run as canceled while the node's execute() may go on.
	options.abortSignal?.addEventListener('abort', () => execution.cancel(), { once: true });
	const run = await finished;

	const outputs = run.data.resultData.runData[node.name]?.[0]?.data?.main ?? [];
	const allOutputs = outputs.map((output) => output ?? []);
	journal('run', { outputs: allOutputs, error: run.data.resultData.error });
	journalNewLogLines();
	return {
		items: allOutputs[0] ?? [],
		outputs: allOutputs,
		error: run.data.resultData.error,
		run,
		credentialDecryptions: credentialsHelper.decryptions,
	};
}

/**
 * n8n's process-wide services, set up once for every harness module (runNode and the webhook
 * endpoint): the capturing logger, the outbound HTTP policy and the processed-data store.
 */
export async function ensureHarnessReady(): Promise<void> {
	await (initialized ??= initialize());
}

async function initialize(): Promise<void> {
	const logger = new CapturingLogger();
	LoggerProxy.init(logger);
	// Registered before anything resolves Logger: the real one would re-init LoggerProxy and print.
	Container.set(Logger, logger.asBackendLogger());
	configureOutboundHttp();
	await DataDeduplicationService.init(deduplicator);
}

/**
 * n8n 2.x sends `this.helpers.httpRequest*` through `Container.get(OutboundHttp)` from
 * @n8n/backend-network. Its SSRF guard is off by default (N8N_SSRF_PROTECTION_ENABLED=false) and,
 * when on, blocks 127.0.0.0/8 and ::1. We pin the policy instead of inheriting whatever the
 * environment says: protection ON with n8n's default block list, and only loopback allowed, so
 * tests reach their local servers while every request still passes n8n's pre-flight and
 * connect-time checks, as on a hardened instance. This only configures the harness's DI
 * container; no shipped code is touched.
 */
function configureOutboundHttp() {
	const ssrf = Container.get(SsrfProtectionConfig);
	ssrf.enabled = true;
	ssrf.allowedIpRanges = ['127.0.0.0/8', '::1/128'];
	ssrf.allowedHostnames = [];
	ssrf.blockedHostnames = [];
}

function toItems(items: RunNodeOptions['items']): INodeExecutionData[] {
	return structuredClone(items).map((item) => (isExecutionData(item) ? item : { json: item }));
}

function isExecutionData(item: IDataObject | INodeExecutionData): item is INodeExecutionData {
	return typeof item.json === 'object' && item.json !== null && !Array.isArray(item.json);
}
