/** Cregis return codes (cregis-api.md §6) → what the operator should do. */
import { PayoutFailure } from '../../shared/errors';

const ADVICE: Record<string, { field?: string; description: string }> = {
	B0001: {
		description:
			'Cregis says the signature is wrong: check the API Key and Project ID in the Cregis API credential (both from the same WaaS project).',
	},
	E0001: {
		description:
			"Add this n8n server's outbound IP address to the project's IP whitelist in the Cregis client. The message ends with the IP Cregis saw.",
	},
	E0002: { field: 'description', description: 'Shorten the description (remark).' },
	E0003: {
		description:
			'The project does not exist or is disabled: check the Project ID and the Base URL (each project has its own gateway host).',
	},
	E0004: {
		description:
			'The project has not enabled this API. Enable payouts for the project in the Cregis client.',
	},
	E0005: {
		field: 'currency',
		description:
			'This currency is not enabled for payouts in the project. Enable it in the Cregis client or pick another.',
	},
	E0006: { field: 'amount', description: 'The amount must be greater than zero.' },
	E0007: { field: 'amount', description: 'The amount has more decimals than the currency allows.' },
	E0008: {
		field: 'address',
		description:
			'Cregis considers the address invalid for this currency. Check address and network.',
	},
	E0010: {
		description:
			'The project has no payout wallet for this currency. Create one in the Cregis client.',
	},
	E0016: { field: 'amount', description: 'Cregis rejected the amount.' },
	E0032: {
		field: 'memo',
		description: 'A memo/tag must be digits only and less than 4294967295 (XRP destination tag).',
	},
	E0034: {
		description: "The plan's number of payouts is used up. Upgrade the Cregis subscription.",
	},
	T0062: { description: "The plan's quota is used up. Upgrade the Cregis subscription." },
};

export function cregisFailure(code: string, message: string, httpStatus: number): PayoutFailure {
	const advice =
		ADVICE[code] ??
		(code.startsWith('A')
			? { description: 'Cregis rejected a parameter. Fix the input and run the item again.' }
			: undefined);
	return new PayoutFailure(`CREGIS_${code}`, `Cregis ${code}: ${message || 'no message'}`, {
		kind: 'provider',
		providerCode: code,
		httpCode: httpStatus,
		field: advice?.field,
		description:
			advice?.description ?? 'Cregis reported an error. Check the payout in the Cregis client.',
	});
}
