/**
 * Credentials for harness runs: an ICredentialsHelper that serves the decrypted data the test
 * passed in (by credential type) and applies `ICredentialType.authenticate` the way n8n's CLI
 * CredentialsHelper does: call it when it is a function; for the declarative
 * `{ type: 'generic', properties: { headers, qs, body, auth } }` form, resolve each key and value
 * as an n8n expression with `$credentials` bound to the decrypted data and merge it in.
 */
import { Credentials } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTypes,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers } from 'n8n-workflow';

export class HarnessCredentialsHelper extends ICredentialsHelper {
	private data: Record<string, ICredentialDataDecryptedObject> = {};

	/** getDecrypted calls so far: each one is a database read and a decryption in n8n. */
	decryptions = 0;

	constructor(private readonly credentialTypes: ICredentialTypes) {
		super();
	}

	/** Data returned for each credential type during the next run (copied, never mutated). */
	setCredentials(data: Record<string, ICredentialDataDecryptedObject>) {
		this.data = structuredClone(data);
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.credentialTypes.recognizes(credentialType)) return true;
		if (!this.credentialTypes.getByName(credentialType).restrictToSupportedNodes) return true;
		return this.credentialTypes.getSupportedNodes(credentialType).includes(nodeType);
	}

	/** Own properties plus inherited ones; like n8n, the child's definitions win. */
	getCredentialsProperties(type: string): INodeProperties[] {
		const own = this.credentialTypes.getByName(type).properties;
		const inherited = this.getParentTypes(type).flatMap(
			(parent) => this.credentialTypes.getByName(parent).properties,
		);
		const names = new Set(own.map((property) => property.name));
		return [...inherited.filter((property) => !names.has(property.name)), ...own];
	}

	/** As n8n: the stored data with the credential type's defaults filled in. */
	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode?: unknown,
		_executeData?: unknown,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		this.decryptions++;
		const stored = structuredClone(this.data[type] ?? {});
		if (raw === true) return stored;
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			stored as INodeParameters,
			true,
			false,
			null,
			null,
		);
		return { ...stored, ...(withDefaults as ICredentialDataDecryptedObject) };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.credentialTypes.getByName(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			requestOptions.headers ??= {};
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [part, entries] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
					const resolvedKey = resolveValue(key, credentials, workflow, node);
					target[part] ??= {};
					target[part][resolvedKey] = resolveValue(value, credentials, workflow, node);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	/**
	 * n8n's token-refresh hook: for credential types with an `expirable` hidden property and a
	 * preAuthentication function, fetch a fresh value when it is empty or the server said 401.
	 */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.credentialTypes.getByName(typeName);
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = (await type.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		// remember the refreshed value for the rest of this run, as n8n persists it
		this.data[typeName] = { ...this.data[typeName], ...output };
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string) {
		return new Credentials(nodeCredentials, type);
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.data[type] = structuredClone(data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await this.updateCredentials(nodeCredentials, type, data);
	}
}

/**
 * Resolves one generic-auth key or value the way n8n's CredentialsHelper.resolveValue does:
 * non-expressions pass through, expressions are evaluated by the workflow's real expression
 * engine with `$credentials` available, and the result is stringified ('' when empty).
 */
function resolveValue(
	value: unknown,
	credentials: ICredentialDataDecryptedObject,
	workflow?: Workflow,
	node?: INode,
): string {
	if (typeof value !== 'string' || !value.startsWith('=')) return value as string;
	const resolved =
		workflow && node
			? workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				)
			: resolveCredentialReferences(value, credentials);
	return resolved ? String(resolved) : '';
}

/**
 * Fallback when no workflow is at hand: supports `{{$credentials.name}}` and
 * `{{$credentials["name"]}}` segments, e.g. '={{$credentials.apiKey}}' or '=Bearer {{$credentials.token}}'.
 */
function resolveCredentialReferences(
	expression: string,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	const reference = /\{\{\s*\$credentials(?:\.([\w$]+)|\[\s*(['"])(.+?)\2\s*\])\s*\}\}/g;
	const whole = new RegExp(`^${reference.source}$`);
	const body = expression.slice(1);
	const single = whole.exec(body);
	if (single) return credentials[single[1] ?? single[3]];
	return body.replace(reference, (_match, dotted: string, _quote, quoted: string) =>
		String(credentials[dotted ?? quoted] ?? ''),
	);
}
