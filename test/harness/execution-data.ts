/** The workflow record and "additional data" n8n's CLI hands the engine, shared by both harness modules. */
import type { IWorkflowBase, IWorkflowExecuteAdditionalData, Workflow } from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

import type { HarnessCredentialsHelper } from './credentials';

export function workflowBase(workflow: Workflow): IWorkflowBase {
	const now = new Date();
	return {
		id: workflow.id,
		name: workflow.name ?? '',
		active: workflow.active,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		settings: workflow.settings,
	};
}

/**
 * What n8n's CLI provides (WorkflowExecuteAdditionalData.getBase); features a single node run does
 * not use throw loudly. The caller sets `hooks` for an execution.
 */
export function createAdditionalData(
	credentialsHelper: HarnessCredentialsHelper,
	workflowId: string,
	executionId: string,
): IWorkflowExecuteAdditionalData {
	const unsupported = (feature: string) => async () => {
		throw new UnexpectedError(`${feature} is not supported by the test harness`);
	};
	const baseUrl = 'http://localhost:5678';
	const additionalData: Omit<IWorkflowExecuteAdditionalData, 'externalSecretsProxy' | 'hooks'> = {
		credentialsHelper,
		executionId,
		workflowId,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: baseUrl,
		formBaseUrl: `${baseUrl}/form`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		formTestBaseUrl: `${baseUrl}/form-test`,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		mcpBaseUrl: `${baseUrl}/mcp`,
		mcpTestBaseUrl: `${baseUrl}/mcp-test`,
		executeWorkflow: unsupported('Executing sub-workflows'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: unsupported('Task runners'),
	};
	return additionalData as IWorkflowExecuteAdditionalData;
}
