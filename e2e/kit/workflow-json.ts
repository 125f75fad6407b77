/**
 * What goes into n8n and what comes out: workflow files (with their placeholders filled in) and
 * the run JSON that `n8n execute --rawOutput` prints, or n8n saves with an execution.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './install';

export interface NodeJson {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: number[];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	[key: string]: unknown;
}

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: NodeJson[];
	connections: Record<string, unknown>;
	active?: boolean;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

/**
 * Where the example workflows read their CSV files: n8n's file folder in Docker
 * (N8N_RESTRICT_FILE_ACCESS_TO). An instance swaps it for its own files folder at import.
 */
export const DOCKER_FILES_FOLDER = '/home/node/.n8n-files/';

/** A workflow file of the repository (e.g. examples/x.json), each `from` text replaced by its `to`. */
export function loadWorkflow(
	relativePath: string,
	substitutions: Record<string, string> = {},
): WorkflowJson {
	let text = readFileSync(path.join(REPO_ROOT, relativePath), 'utf8');
	for (const [from, to] of Object.entries(substitutions)) text = text.split(from).join(to);
	return JSON.parse(text) as WorkflowJson;
}

export type Item = Record<string, unknown>;

/** One run of one node in a run's `runData`. */
export interface NodeRun {
	startTime: number;
	executionTime: number;
	executionStatus?: string;
	data?: { main?: Array<Array<{ json: Item }> | null> };
}

export type RunData = Record<string, NodeRun[]>;

/** The run n8n prints (`execute --rawOutput`) or saves (execution_data.data). */
export interface RunJson {
	status?: string;
	data?: {
		resultData?: { runData?: RunData; lastNodeExecuted?: string; error?: { message?: string } };
	};
}

/** The run JSON of `n8n execute --rawOutput`: from the first line that is exactly `{` (log lines come first). */
export function parseRun(stdout: string): RunJson | undefined {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line === '{');
	if (start < 0) return undefined;
	const rest = lines.slice(start);
	// The JSON ends at the last line that is exactly `}`; log lines may follow it.
	for (let end = rest.length; end > 0; end--) {
		if (rest[end - 1] !== '}') continue;
		try {
			return JSON.parse(rest.slice(0, end).join('\n')) as RunJson;
		} catch {
			/* keep looking */
		}
	}
	return undefined;
}

/** The items of a node's first output in its last run; undefined when the node did not run. */
export function nodeItems(runData: RunData | undefined, nodeName: string): Item[] | undefined {
	const runs = runData?.[nodeName];
	if (!runs) return undefined;
	return (runs[runs.length - 1]?.data?.main?.[0] ?? []).map((item) => item.json);
}

/** nodeItems() of a printed run. */
export function nodeOutput(run: RunJson | undefined, nodeName: string): Item[] | undefined {
	return nodeItems(run?.data?.resultData?.runData, nodeName);
}
