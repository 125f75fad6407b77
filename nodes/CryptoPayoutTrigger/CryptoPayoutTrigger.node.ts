import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	DEFAULT_REPLAY_WINDOW_MINUTES,
	handlePayoutCallback,
	isTriggerProvider,
	SUCCESS_REPLY,
	SUCCESS_REPLY_EXPRESSION,
} from './callback';
import { inLane } from '../CryptoPayout/shared/serial-lanes';
import { deliveryKeyOfPayout, MAX_REMEMBERED_DELIVERIES, rememberDelivery } from './dedupe';
import { prepareTextReply, sendText, type CallbackResponse } from './request';

export class CryptoPayoutTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Crypto Payout Trigger',
		name: 'cryptoPayoutTrigger',
		icon: { light: 'file:cryptoPayoutTrigger.svg', dark: 'file:cryptoPayoutTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["provider"] === "cregis" ? "Cregis" : "OxaPay"}}',
		description: 'Starts the workflow when OxaPay or Cregis reports a payout status, once per status, for signed callbacks only',
		defaults: { name: 'Crypto Payout Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'oxaPayApi', required: true, displayOptions: { show: { provider: ['oxapay'] } } },
			{ name: 'cregisApi', required: true, displayOptions: { show: { provider: ['cregis'] } } },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// What n8n sends, after saving static data, for a delivery that starts the workflow. Without
				// it n8n 2.41 answers the literal text "firstEntryJson" (its default for this field).
				responseData: SUCCESS_REPLY_EXPRESSION,
				path: 'payout-status',
			},
		],
		properties: [
			{
				displayName:
					'Use this node\'s Production URL as the Callback URL of Create Payout. Only callbacks signed with the credential\'s key start the workflow, and each status of a payout starts it once, however often the provider retries.',
				name: 'callbackNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Provider',
				name: 'provider',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'OxaPay', value: 'oxapay' },
					{ name: 'Cregis', value: 'cregis' },
				],
				default: 'oxapay',
				description: 'The payout service whose status callbacks arrive here. Use the same credential as the Crypto Payout node.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Replay Window (Minutes)',
						name: 'replayWindowMinutes',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 10080 },
						default: DEFAULT_REPLAY_WINDOW_MINUTES,
						displayOptions: { show: { '/provider': ['cregis'] } },
						description:
							'Cregis only: callbacks whose timestamp is older than this (or more than a minute in the future) are refused as replays. Raise it before re-pushing old callbacks from the Cregis client.',
					},
				],
			},
		],
	};

	/**
	 * Neither OxaPay nor Cregis has a webhook registration API: the callback URL travels with each
	 * payout (Create Payout's Callback URL). Activation has nothing to register or remove.
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
		const provider = this.getNodeParameter('provider', 'oxapay');
		if (!isTriggerProvider(provider)) {
			sendText(res, 500, 'Trigger is not set up');
			return { noWebhookResponse: true };
		}

		let outcome;
		try {
			outcome = await handlePayoutCallback(this, provider);
		} catch (error) {
			// Never a thrown error: n8n would answer 500 and still start an error execution.
			this.logger.error('Crypto Payout Trigger could not process a callback', {
				provider,
				error: error instanceof Error ? error.message : 'unknown error',
			});
			sendText(res, 500, 'Callback could not be processed');
			return { noWebhookResponse: true };
		}

		const { verdict, duplicate } = outcome;
		if (!verdict.accepted) {
			this.logger.warn('Crypto Payout Trigger refused a callback', { provider, httpCode: verdict.httpCode, reason: verdict.reason });
			sendText(res, verdict.httpCode, verdict.reason);
			return { noWebhookResponse: true };
		}

		if (duplicate) {
			// The success reply all the same, so the provider stops retrying.
			this.logger.debug('Crypto Payout Trigger ignored a repeated callback', {
				provider,
				payoutId: verdict.payoutId,
				status: verdict.status,
			});
			sendText(res, 200, SUCCESS_REPLY[provider]);
			return { noWebhookResponse: true };
		}
		// n8n sends the description's `responseData` (SUCCESS_REPLY) once it has started the execution,
		// so the provider hears "delivered" only when the workflow run exists.
		prepareTextReply(res);
		const json: IDataObject = { event: 'payout.status', ...verdict.payout };
		return { webhookResponse: SUCCESS_REPLY[provider], workflowData: [[{ json }]] };
	}

	/**
	 * The first step of every execution this trigger starts (n8n runs a start node's `execute()` when
	 * it has one). Here the processed-data store is available: a delivery it already holds passes
	 * nothing on, so the rest of the workflow runs once per (provider, payout id, status). It also
	 * writes the static-data hint that lets `webhook()` skip later retries without an execution.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (this.getMode() === 'manual') return [items];
		const output: INodeExecutionData[] = [];
		const lane = `processed-data:${this.getWorkflow().id ?? ''}:node:${this.getNode().id}`;
		for (const item of items) {
			const key = deliveryKeyOfPayout(item.json);
			if (key === undefined) {
				output.push(item);
				continue;
			}
			// Queued with this process's other calls on the record, so two deliveries at once cannot
			// both read it before either writes (both would run the workflow).
			const checked = await inLane(lane, async () =>
				await this.helpers.checkProcessedAndRecord([key], 'node', { mode: 'entries', maxEntries: MAX_REMEMBERED_DELIVERIES }),
			);
			rememberDelivery(this.getWorkflowStaticData('node'), key, Date.now());
			if (checked.new.length === 0) {
				this.logger.debug('Crypto Payout Trigger stopped a repeated callback', { key });
				continue;
			}
			output.push(item);
		}
		return [output];
	}
}
