/**
 * A live dropdown as the editor loads it: n8n-core's LoadOptionsContext over the BUILT package,
 * the way n8n's DynamicNodeParametersService answers POST /rest/dynamic-node-parameters/options
 * (a node made of the request's parameters and credentials, `currentNodeParameters` set, the
 * node type's `methods.loadOptions[methodName]` called with that context).
 */
import { LoadOptionsContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentials';
import { createAdditionalData } from './execution-data';
import { ensureHarnessReady, REPO_ROOT } from './n8n';
import { loadPackage } from './node-types';

export interface LoadOptionsRequest {
	methodName: string;
	/** The node's parameters as the editor sends them (resolved). */
	parameters: INodeParameters;
	/** The credentials the node has selected (decrypted data by type); none: a new node. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	nodeType?: string;
}

export async function loadNodeOptions(
	request: LoadOptionsRequest,
): Promise<INodePropertyOptions[]> {
	await ensureHarnessReady();
	const { nodeTypes, credentialTypes } = await loadPackage(REPO_ROOT);
	const nodeType = request.nodeType ?? 'n8n-nodes-crypto-payout.cryptoPayout';
	const node: INode = {
		id: 'load-options',
		name: 'Crypto Payout',
		type: nodeType,
		typeVersion: 1,
		position: [0, 0],
		parameters: request.parameters,
		credentials: Object.fromEntries(
			Object.keys(request.credentials ?? {}).map((type) => [
				type,
				{ id: `cred-${type}`, name: type },
			]),
		),
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes);
	credentialsHelper.setCredentials(request.credentials ?? {});
	const additionalData = createAdditionalData(credentialsHelper, 'wf-load-options', 'load-options');
	additionalData.currentNodeParameters = request.parameters;
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.currency');
	const method = (nodeTypes.getByName(nodeType) as INodeType).methods!.loadOptions![
		request.methodName
	];
	return await method.call(context);
}
