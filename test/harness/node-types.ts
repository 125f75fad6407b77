/**
 * Loads a community-node package the way n8n does for an installed package: n8n-core's
 * PackageDirectoryLoader reads package.json's "n8n" section and requires the BUILT files it lists.
 * Node types are addressed as `<package name>.<node name>`, credential types by their bare name.
 */
import { PackageDirectoryLoader } from 'n8n-core';
import type {
	ICredentialType,
	ICredentialTypes,
	IDataObject,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeHelpers, UserError } from 'n8n-workflow';
import path from 'node:path';

export interface LoadedPackage {
	packageName: string;
	nodeTypes: INodeTypes;
	credentialTypes: ICredentialTypes;
}

const loaded = new Map<string, Promise<LoadedPackage>>();

/** The folders of every package loaded so far (the repository, copies acting as other workers). */
export function loadedPackageDirs(): string[] {
	return [...loaded.keys()];
}

/** Loads (once per process) the package whose package.json sits in `packageDir`. */
export async function loadPackage(packageDir: string): Promise<LoadedPackage> {
	const dir = path.resolve(packageDir);
	let pending = loaded.get(dir);
	if (!pending) {
		pending = load(dir);
		loaded.set(dir, pending);
		pending.catch(() => loaded.delete(dir)); // let a later call retry, e.g. after a build
	}
	return await pending;
}

async function load(dir: string): Promise<LoadedPackage> {
	const loader = new PackageDirectoryLoader(dir);
	try {
		await loader.loadAll();
	} catch (error) {
		// the "n8n" section points at built files; the usual cause is a missing `npm run build`
		const reason = error instanceof Error ? error.message : String(error);
		throw new UserError(`Could not load the n8n package in ${dir} (is it built?): ${reason}`, {
			cause: error,
		});
	}
	const { packageName } = loader;
	const prefix = `${packageName}.`;

	const nodeTypes: INodeTypes = {
		getByName(type: string): INodeType | IVersionedNodeType {
			if (!type.startsWith(prefix)) throw new UserError(`Unknown node type "${type}"`);
			const name = type.slice(prefix.length);
			// n8n serves a `<name>Tool` type for every node usable as an AI tool: the same execute,
			// called by an agent. The node tells the two apart by its type name.
			if (name.endsWith('Tool') && !loader.known.nodes[name]) {
				const base = loader.getNode(name.slice(0, -'Tool'.length)).type;
				if ((base as INodeType).description?.usableAsTool) return base;
			}
			return loader.getNode(name).type;
		},
		getByNameAndVersion(type: string, version?: number): INodeType {
			return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
		},
		getKnownTypes(): IDataObject {
			return Object.fromEntries(
				Object.entries(loader.known.nodes).map(([name, info]) => [prefix + name, info]),
			);
		},
	};

	const credentialTypes: ICredentialTypes = {
		recognizes: (type: string) => type in loader.known.credentials,
		getByName: (type: string): ICredentialType => loader.getCredential(type).type,
		// supportedNodes are stored as short node names; n8n compares them with full type names
		getSupportedNodes: (type: string) =>
			(loader.known.credentials[type]?.supportedNodes ?? []).map((name) => prefix + name),
		getParentTypes(type: string): string[] {
			const parents = loader.known.credentials[type]?.extends ?? [];
			return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
		},
	};

	return { packageName, nodeTypes, credentialTypes };
}

/** The highest version the node type declares. */
export function latestVersion(nodeType: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in nodeType)
		return Math.max(...Object.keys(nodeType.nodeVersions).map(Number));
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}
