import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { handlePayoutCallback } from './callback';
import { recordStatusInLedger } from './ledger-status';
import { shownOnlyFor } from '../CryptoPayout/shared/editor';
import { inLane } from '../CryptoPayout/shared/serial-lanes';
import { DELIVERY_KEYS_FIELD, deliveryKeysOfItem, rememberDelivery } from './dedupe';
import {
	CALLBACK_PROVIDERS,
	callbackProviderOf,
	DEFAULT_PROVIDER_ID,
	perProviderExpression,
	type CallbackProvider,
} from './providers';
import { prepareTextReply, sendText, type CallbackResponse } from './request';

/** "A or B", "A, B or C": the offered providers for the node's description. */
function providerNames(): string {
	const names = CALLBACK_PROVIDERS.map((provider) => provider.displayName);
	return names.length === 1
		? names[0]
		: `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** A provider's own options, shown only while it is the selected provider. */
function triggerOptionsOf(provider: CallbackProvider): INodeProperties[] {
	return (provider.callbacks.triggerOptions ?? []).map((option) => ({
		...option,
		displayOptions: {
			...option.displayOptions,
			show: { ...option.displayOptions?.show, '/provider': [provider.id] },
		},
	}));
}

/**
 * The Options collection: only providers' own options live there so far, so it is shown only for
 * the providers that have some (an empty collection would read "No properties").
 */
function optionsProperty(): INodeProperties[] {
	const options = CALLBACK_PROVIDERS.flatMap(triggerOptionsOf);
	if (options.length === 0) return [];
	return [
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: {
				show: {
					provider: CALLBACK_PROVIDERS.filter(
						(provider) => (provider.callbacks.triggerOptions ?? []).length > 0,
					).map((provider) => provider.id),
				},
			},
			options,
		},
	];
}

const PROVIDER_IDS = CALLBACK_PROVIDERS.map((provider) => provider.id);

export class CryptoPayoutTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Crypto Payout Trigger',
		name: 'cryptoPayoutTrigger',
		icon: { light: 'file:cryptoPayoutTrigger.svg', dark: 'file:cryptoPayoutTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: perProviderExpression((provider) => provider.displayName),
		// n8n's node picker lists this trigger and Crypto Payout as one entry and shows this text
		// for it (nodeCreator generateMergedNodesAndActions: "default to trigger description"), so
		// it describes both.
		description: `Pay out crypto through ${providerNames()}, and start a workflow when a payout's status changes (signed callbacks only, once per status)`,
		eventTriggerDescription: 'Waiting for a payout status callback',
		defaults: { name: 'Crypto Payout Trigger' },
		// Used as is by the editor's Docs link (a codex URL gets n8n's query string after its #anchor).
		documentationUrl:
			'https://github.com/n8n-nodes-crypto-payout/n8n-nodes-crypto-payout/blob/main/README.md#crypto-payout-trigger',
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Shown for the selected provider alone, in the form that keeps Provider a visible parameter.
		credentials: CALLBACK_PROVIDERS.map((provider) => ({
			name: provider.credentialType,
			required: true,
			displayOptions: shownOnlyFor('provider', provider.id, PROVIDER_IDS),
		})),
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// What n8n sends, after saving static data, for a delivery that starts the workflow: the
				// selected provider's ack text. Without it n8n 2.41 answers the literal text
				// "firstEntryJson" (its default for this field).
				responseData: perProviderExpression((provider) => provider.callbacks.ackText),
				path: 'payout-status',
			},
		],
		properties: [
			{
				displayName:
					"Use this node's Production URL as the Callback URL of Create Payout. Only callbacks signed with the credential's key start the workflow, and each status of a payout starts it once, however often the provider retries.",
				name: 'callbackNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					"The provider must reach the Production URL from the internet, over HTTPS. n8n builds that URL from its WEBHOOK_URL environment variable: if the URL above starts with http://localhost or another address the internet cannot reach, set WEBHOOK_URL to n8n's public address (e.g. https://n8n.example.com/) and restart n8n. Publish the workflow so the Production URL listens.",
				name: 'webhookUrlNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Provider',
				name: 'provider',
				type: 'options',
				noDataExpression: true,
				options: CALLBACK_PROVIDERS.map((provider) => ({
					name: provider.displayName,
					value: provider.id,
				})),
				default: DEFAULT_PROVIDER_ID,
				description:
					'The payout service whose status callbacks arrive here. Use the same credential as the Crypto Payout node.',
			},
			{
				// n8n's node picker names a trigger's events after a parameter called Event / Events /
				// Trigger On (its options' `action`); without one it shows "On new Crypto Payout event".
				displayName: 'Trigger On',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Payout Status Changed',
						value: 'payoutStatus',
						action: 'On payout status change',
						description:
							'Every signed status callback of a payout: once per status (processing, completed, failed…)',
					},
				],
				default: 'payoutStatus',
			},
			...optionsProperty(),
		],
	};

	/**
	 * The callback URL travels with each payout (Create Payout's Callback URL) rather than through a
	 * provider's webhook registration API, so activation has nothing to register or remove.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject() as unknown as CallbackResponse;
		const provider = callbackProviderOf(this.getNodeParameter('provider', DEFAULT_PROVIDER_ID));
		if (provider === undefined) {
			sendText(res, 500, 'Trigger is not set up');
			return { noWebhookResponse: true };
		}

		let outcome;
		try {
			outcome = await handlePayoutCallback(this, provider);
		} catch (error) {
			// Never a thrown error: n8n would answer 500 and still start an error execution.
			this.logger.error('Crypto Payout Trigger could not process a callback', {
				provider: provider.id,
				error: error instanceof Error ? error.message : 'unknown error',
			});
			sendText(res, 500, 'Callback could not be processed');
			return { noWebhookResponse: true };
		}

		const { verdict, keys, duplicate } = outcome;
		if (!verdict.accepted) {
			this.logger.warn('Crypto Payout Trigger refused a callback', {
				provider: provider.id,
				httpCode: verdict.httpCode,
				reason: verdict.reason,
			});
			sendText(res, verdict.httpCode, verdict.reason);
			return { noWebhookResponse: true };
		}

		if (duplicate) {
			// The success reply all the same, so the provider stops retrying.
			this.logger.debug('Crypto Payout Trigger ignored a repeated callback', {
				provider: provider.id,
				payoutId: verdict.payoutId,
				status: verdict.status,
			});
			sendText(res, 200, provider.callbacks.ackText);
			return { noWebhookResponse: true };
		}
		// n8n sends the description's `responseData` (the same ack text) once it has started the execution,
		// so the provider hears "delivered" only when the workflow run exists.
		prepareTextReply(res);
		const json: IDataObject = {
			event: 'payout.status',
			...verdict.payout,
			[DELIVERY_KEYS_FIELD]: keys,
		};
		return { webhookResponse: provider.callbacks.ackText, workflowData: [[{ json }]] };
	}

	/**
	 * The first step of every execution this trigger starts (n8n runs a start node's `execute()` when
	 * it has one). Here the processed-data store is available: a delivery it already holds under
	 * any of its keys passes nothing on, so the rest of the workflow runs once per (provider, payout
	 * id, status) and once per signature. It also writes the static-data hint that lets `webhook()`
	 * skip later retries without an execution.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		const lane = `processed-data:${this.getWorkflow().id ?? ''}:node:${this.getNode().id}`;
		const provider = callbackProviderOf(this.getNodeParameter('provider', 0, DEFAULT_PROVIDER_ID));
		for (const item of items) {
			const keys = deliveryKeysOfItem(item.json);
			const shown = withoutDeliveryKeys(item);
			if (keys.length === 0 || this.getMode() === 'manual') {
				output.push(shown);
				continue;
			}
			// Queued with this process's other calls on the record, so two deliveries at once cannot
			// both read it before either writes (both would run the workflow).
			const firstTime = await inLane(lane, async () => await recordOnce(this, keys));
			rememberDelivery(this.getWorkflowStaticData('node'), keys, Date.now());
			if (!firstTime) {
				this.logger.debug('Crypto Payout Trigger stopped a repeated callback', { key: keys[0] });
				continue;
			}
			if (provider) await recordStatusInLedger(this, provider, shown.json);
			output.push(shown);
		}
		return [output];
	}
}

/**
 * Records `keys` in n8n's processed-data store (no maxEntries: every entry is kept, see
 * dedupe.ts); true when none was there before. A delivery stopped by one known key leaves none
 * of its new keys behind: it did not run, so its payout and status stay free for a genuine one.
 */
async function recordOnce(ctx: IExecuteFunctions, keys: string[]): Promise<boolean> {
	const options = { mode: 'entries' as const };
	const checked = await ctx.helpers.checkProcessedAndRecord(keys, 'node', options);
	if (checked.processed.length === 0) return true;
	if (checked.new.length > 0) await ctx.helpers.removeProcessed(checked.new, 'node', options);
	return false;
}

/** The item as the workflow sees it: the keys it carried from webhook() removed. */
function withoutDeliveryKeys(item: INodeExecutionData): INodeExecutionData {
	if (!(DELIVERY_KEYS_FIELD in item.json)) return item;
	const json = { ...item.json };
	delete json[DELIVERY_KEYS_FIELD];
	return { ...item, json };
}
