/**
 * What n8n's editor (2.41) makes of the two node descriptions: which parameters it shows, which
 * credential it offers, what the canvas subtitle and the node picker say. The editor's own rules
 * are reproduced here where they decide something (they live in n8n's frontend, not in a package
 * the tests can load); NodeHelpers (n8n-workflow) is the real one the editor and the backend use.
 */
import type {
	ICredentialType,
	INodeCredentialDescription,
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { CregisApi } from '../../credentials/CregisApi.credentials';
import { OxaPayApi } from '../../credentials/OxaPayApi.credentials';
import { CryptoPayout } from '../../nodes/CryptoPayout/CryptoPayout.node';
import { CryptoPayoutTrigger } from '../../nodes/CryptoPayoutTrigger/CryptoPayoutTrigger.node';

const node = new CryptoPayout().description;
const trigger = new CryptoPayoutTrigger().description;
const NODE_REF = { typeVersion: 1 };

/**
 * editor-ui app/utils/nodeTypesUtils.ts `getMainAuthField` (n8n 2.41): a parameter named
 * `authentication` without a "none" option, else an `options` parameter every value of which
 * appears in the credentials' `displayOptions.show` lists. That parameter is hidden from the
 * node's panel and shown only inside the credential dialog.
 */
function mainAuthField(description: INodeTypeDescription): INodeProperties | null {
	const dependents: Record<string, string[]> = {};
	for (const credential of description.credentials ?? []) {
		for (const [name, values] of Object.entries(credential.displayOptions?.show ?? {})) {
			dependents[name] = [
				...(dependents[name] ?? []),
				...(values ?? []).map((value) => (value ? value.toString() : '')),
			];
		}
	}
	const fields = description.properties.filter((property) => property.name in dependents);
	const authentication = fields.find(
		(property) =>
			property.name === 'authentication' &&
			!property.options?.some((option) => 'value' in option && option.value === 'none'),
	);
	if (authentication) return authentication;
	return (
		fields.find(
			(field) =>
				field.type === 'options' &&
				(field.options ?? []).every(
					(option) =>
						!('value' in option) ||
						typeof option.value !== 'string' ||
						dependents[field.name].includes(option.value),
				),
		) ?? null
	);
}

/** Top-level parameters the panel shows for these values (defaults filled in, as the editor does). */
function shown(description: INodeTypeDescription, values: INodeParameters): string[] {
	const parameters = NodeHelpers.getNodeParameters(
		description.properties,
		values,
		true,
		false,
		NODE_REF,
		description,
	)!;
	// The panel never shows `hidden` parameters (useNodeSettingsParameters shouldDisplayNodeParameter).
	return description.properties
		.filter(
			(property) =>
				property.type !== 'hidden' &&
				NodeHelpers.displayParameter(parameters, property, NODE_REF, description, parameters),
		)
		.map((property) => property.name);
}

function shownCredentials(description: INodeTypeDescription, provider: string): string[] {
	return (description.credentials ?? [])
		.filter((credential: INodeCredentialDescription) =>
			NodeHelpers.displayParameter({ provider }, credential, NODE_REF, description),
		)
		.map((credential) => credential.name);
}

const visible = (description: INodeTypeDescription, values: INodeParameters, name: string) =>
	description.properties.filter(
		(property) =>
			property.name === name &&
			NodeHelpers.displayParameter(
				NodeHelpers.getNodeParameters(
					description.properties,
					values,
					true,
					false,
					NODE_REF,
					description,
				)!,
				property,
				NODE_REF,
				description,
			),
	);

describe.each([
	['Crypto Payout', node],
	['Crypto Payout Trigger', trigger],
])('%s: Provider is a normal parameter and the credential follows it', (_name, description) => {
	it('has no "main auth field", so n8n does not move Provider into the credential dialog', () => {
		expect(mainAuthField(description)).toBeNull();
		expect(shown(description, { provider: 'cregis' })).toContain('provider');
		// The rule above is the one that hid Provider: with the usual `show` form it would.
		const usual = {
			...description,
			credentials: description.credentials!.map((credential, index) => ({
				...credential,
				displayOptions: {
					show: {
						provider: [
							(
								description.properties.find((property) => property.name === 'provider')!.options![
									index
								] as INodePropertyOptions
							).value,
						],
					},
				},
			})),
		};
		expect(mainAuthField(usual)?.name).toBe('provider');
	});

	it.each([
		['oxapay', 'oxaPayApi'],
		['cregis', 'cregisApi'],
	])('Provider %s shows only its own credential (%s)', (provider, credential) => {
		expect(shownCredentials(description, provider)).toEqual([credential]);
	});
});

describe('Crypto Payout in the editor', () => {
	const subtitle = (parameters: INodeParameters) => {
		const canvasNode = {
			id: '1',
			name: 'Crypto Payout',
			type: 'n8n-nodes-crypto-payout.cryptoPayout',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters,
		};
		const nodeTypes = {
			getByName: () => new CryptoPayout(),
			getByNameAndVersion: () => new CryptoPayout(),
			getKnownTypes: () => ({}),
		};
		const workflow = new Workflow({
			nodes: [canvasNode],
			connections: {},
			active: false,
			nodeTypes: nodeTypes as never,
		});
		return workflow.expression.getSimpleParameterValue(canvasNode, node.subtitle!, 'internal', {});
	};

	it('the canvas subtitle shows display names, not raw values', () => {
		expect(subtitle({ provider: 'oxapay', operation: 'create' })).toBe('OxaPay: Create Payout');
		expect(subtitle({ provider: 'cregis', operation: 'checkAddress' })).toBe(
			'Cregis: Check Address',
		);
	});

	it.each(['currency', 'network'])(
		'%s is a live dropdown that accepts values outside its list (aliases, mapped values)',
		(name) => {
			const fields = node.properties.filter(
				(candidate) => candidate.name === name && candidate.type !== 'hidden',
			);
			expect(fields.length).toBeGreaterThan(0);
			for (const property of fields) {
				expect(property.type).toBe('options');
				expect(property.typeOptions?.loadOptionsMethod).toBeDefined();
				// n8n's editor then skips its "The value … is not supported!" check (ParameterInput).
				expect(property.allowArbitraryValues).toBe(true);
			}
		},
	);

	it('Check Address shows Currency (the same dropdown as Create) above Network', () => {
		const fields = shown(node, { provider: 'oxapay', operation: 'checkAddress' });
		expect(fields.filter((name) => ['address', 'currency', 'network'].includes(name))).toEqual([
			'address',
			'currency',
			'network',
		]);
		const [checkCurrency] = visible(node, { operation: 'checkAddress' }, 'currency');
		const [createCurrency] = visible(node, { operation: 'create' }, 'currency');
		expect(checkCurrency.typeOptions).toEqual(createCurrency.typeOptions);
		expect(checkCurrency.required).toBeFalsy();
		expect(createCurrency.required).toBe(true);
	});

	describe('what a parameter change does to the others (the editor’s update, as in n8n 2.41)', () => {
		/**
		 * editor-ui ndv.utils `removeMismatchedOptionValues`: after a change, a value that is none of
		 * the (static) options of a displayed, same-named parameter whose display depends on the
		 * changed parameter is cleared.
		 */
		function removeMismatchedOptionValues(values: INodeParameters, changed: string) {
			for (const property of node.properties) {
				const display = property.displayOptions;
				if (!Object.prototype.hasOwnProperty.call(values, property.name)) continue;
				if (!display || !property.options) continue;
				if (display.show?.[changed] === undefined && display.hide?.[changed] === undefined)
					continue;
				const options = property.options as Array<{ name: string; value?: unknown }>;
				const valid = options.every((option) => !('value' in option))
					? Object.keys(values).every((key) => options.some((option) => option.name === key))
					: options.some((option) => option.value === values[property.name]);
				if (!valid && NodeHelpers.displayParameter(values, property, NODE_REF, node))
					delete values[property.name];
			}
		}
		/** useNodeSettingsParameters `updateNodeParameter`: non-defaults, the change, the cleanup, defaults. */
		const update = (values: INodeParameters, name: string, value: string) => {
			const set = {
				...NodeHelpers.getNodeParameters(node.properties, values, false, false, NODE_REF, node)!,
				[name]: value,
			};
			removeMismatchedOptionValues(set, name);
			return NodeHelpers.getNodeParameters(node.properties, set, true, false, NODE_REF, node)!;
		};
		const picked = () => update(update({}, 'currency', 'USDT'), 'network', 'Tron');

		it('switching Create → Check Address → Create keeps Currency and Network', () => {
			let values = update(picked(), 'operation', 'checkAddress');
			expect([values.currency, values.network]).toEqual(['USDT', 'Tron']);
			values = update(values, 'operation', 'create');
			expect([values.currency, values.network]).toEqual(['USDT', 'Tron']);
		});

		it('another Currency clears the Network picked for the old one', () => {
			expect(picked().network).toBe('Tron');
			expect(update(picked(), 'currency', 'BTC').network).toBe('');
		});

		it('a mapped Currency keeps a mapped Network while it is edited', () => {
			let values = update({}, 'currency', '={{ $json.currency }}');
			values = update(values, 'network', '={{ $json.network }}');
			values = update(values, 'currency', '={{ $json.currency.trim() }}');
			expect(values.network).toBe('={{ $json.network }}');
		});
	});

	it('Map Automatically shows the expected column names once chosen', () => {
		const notice = node.properties.find((property) => property.name === 'mapAutomaticallyNotice')!;
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toMatch(/reference, address, amount, currency/);
		expect(notice.displayName).toMatch(/Optional: network, memo, description, callbackUrl/);
		expect(shown(node, { operation: 'create', mappingMode: 'autoMapInputData' })).toContain(
			'mapAutomaticallyNotice',
		);
		expect(shown(node, { operation: 'create' })).not.toContain('mapAutomaticallyNotice');
	});

	it("offers a provider's own options only while it is selected (Duplicate Check Window: OxaPay)", () => {
		const options = node.properties.find((property) => property.name === 'options')!;
		const window = (options.options as INodeProperties[]).find(
			(option) => option.name === 'duplicateCheckDays',
		)!;
		const offeredFor = (provider: string) =>
			NodeHelpers.displayParameter({}, window, NODE_REF, node, { provider });
		expect(offeredFor('oxapay')).toBe(true);
		expect(offeredFor('cregis')).toBe(false);
		const names = (options.options as INodeProperties[]).map((option) => option.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});

describe('Crypto Payout Trigger in the editor', () => {
	it("names its event for n8n's node picker (a Trigger On parameter with an action)", () => {
		const event = trigger.properties.find((property) => property.displayName === 'Trigger On')!;
		expect((event.options as INodePropertyOptions[]).map((option) => option.action)).toEqual([
			'On payout status change',
		]);
	});

	it('describes both nodes: the node picker shows this text for the merged Crypto Payout entry', () => {
		expect(trigger.description).toMatch(/^Pay out crypto through OxaPay or Cregis/);
		expect(trigger.description).toMatch(/status/);
	});

	it('explains WEBHOOK_URL next to the Production URL', () => {
		const notices = trigger.properties.filter((property) => property.type === 'notice');
		expect(notices.map((notice) => notice.displayName).join(' ')).toMatch(/WEBHOOK_URL/);
	});

	it('shows Options only for providers that have options of their own', () => {
		const withOptions = (trigger.properties.find((property) => property.name === 'options')
			?.displayOptions?.show?.provider ?? []) as string[];
		for (const provider of ['oxapay', 'cregis']) {
			const own = (
				(trigger.properties.find((property) => property.name === 'options')?.options ??
					[]) as INodeProperties[]
			).filter((option) =>
				NodeHelpers.displayParameter({}, option, NODE_REF, trigger, { provider }),
			);
			expect(shown(trigger, { provider }).includes('options')).toBe(own.length > 0);
			expect(withOptions.includes(provider)).toBe(own.length > 0);
		}
	});
});

describe('credentials in the editor', () => {
	it.each([
		['OxaPay', new OxaPayApi() as ICredentialType],
		['Cregis', new CregisApi() as ICredentialType],
	])('%s: help sits in a notice and in hints, not only in tooltips', (_name, credential) => {
		expect(credential.properties[0].type).toBe('notice');
		for (const property of credential.properties.filter((field) => field.type !== 'notice'))
			expect(property.hint).toBeTruthy();
	});

	it('the Cregis Project ID placeholder is an example, not a real project', () => {
		const projectId = new CregisApi().properties.find((field) => field.name === 'projectId')!;
		expect(projectId.placeholder).toBe('e.g. 1234567890123456');
	});

	it('the credential tests explain a refused key instead of "Unauthorized"', () => {
		const oxapay = new OxaPayApi().test.rules ?? [];
		expect(oxapay).toContainEqual(
			expect.objectContaining({
				type: 'responseCode',
				properties: expect.objectContaining({
					value: 401,
					message: expect.stringMatching(/Payout API key/),
				}),
			}),
		);
		const cregis = new CregisApi().test.rules ?? [];
		expect(cregis.map((rule) => rule.properties.value)).toEqual(
			expect.arrayContaining(['B0001', 'E0001', 'E0003']),
		);
	});
});
