/** Turns an OxaPay error envelope into a message an operator can act on. */
import type { IDataObject } from 'n8n-workflow';

import { PayoutFailure } from '../../shared/errors';

export function oxaPayFailure(httpStatus: number, envelope: IDataObject): PayoutFailure {
	const error = (envelope.error ?? {}) as IDataObject;
	const envelopeStatus = typeof envelope.status === 'number' ? envelope.status : httpStatus;
	const providerMessage = String(error.message ?? envelope.message ?? 'no message');
	const key = typeof error.key === 'string' && error.key ? error.key : undefined;
	const status = envelopeStatus >= 400 ? envelopeStatus : httpStatus;
	const mentionsIp = /\bip\b/i.test(providerMessage) || key === 'ip';
	let description: string;
	let code = `OXAPAY_${status}`;
	if (mentionsIp) {
		code = 'OXAPAY_IP_NOT_ALLOWED';
		description =
			'Add this n8n server\'s outbound IP address to "Allowed IPs" of the Payout API key in OxaPay (Payout Service), or clear the list.';
	} else if (status === 401 || status === 403) {
		code = 'OXAPAY_AUTH';
		description =
			'Check the OxaPay API credential: it needs the Payout API key (not the Merchant or General key), and the key must be active.';
	} else if (status === 400) {
		description = key
			? `OxaPay rejected the field "${key}". Fix it in the input data and run the item again.`
			: 'Fix the input data and run the item again.';
	} else if (status === 404) {
		description =
			'Check the Base URL of the OxaPay API credential (https://api.oxapay.com/v1) and the payout ID.';
	} else {
		description =
			'OxaPay reported an error. Try again later; if it persists, contact OxaPay support.';
	}
	return new PayoutFailure(code, `OxaPay: ${providerMessage}${key ? ` (field: ${key})` : ''}`, {
		kind: 'provider',
		httpCode: httpStatus,
		providerCode: String(status),
		field: key,
		description,
	});
}
