/** Every provider the node offers. A new provider is one folder and one line here. */
import { cregisProvider } from './cregis';
import { oxaPayProvider } from './oxapay';
import type { PayoutProvider } from './types';

export const PROVIDERS: readonly PayoutProvider[] = [oxaPayProvider, cregisProvider];

/** The Provider fields' default: the first provider. */
export const DEFAULT_PROVIDER_ID = 'oxapay';

export function getProvider(id: string): PayoutProvider {
	const provider = PROVIDERS.find((candidate) => candidate.id === id);
	if (!provider) throw new Error(`Unknown payout provider "${id}"`);
	return provider;
}
