/**
 * The providers the trigger offers: every registered provider that implements `callbacks`. The
 * trigger's description (dropdown, credentials, subtitle, reply expression, options) and its
 * dispatch are built from this list, so a new provider needs no change in this folder.
 */
import type { PayoutCallbacks } from '../CryptoPayout/providers/callback-types';
import { PROVIDERS } from '../CryptoPayout/providers/registry';
import type { PayoutProvider } from '../CryptoPayout/providers/types';

export type CallbackProvider = PayoutProvider & { readonly callbacks: PayoutCallbacks };

function hasCallbacks(provider: PayoutProvider): provider is CallbackProvider {
	return provider.callbacks !== undefined;
}

export const CALLBACK_PROVIDERS: readonly CallbackProvider[] = PROVIDERS.filter(hasCallbacks);

if (CALLBACK_PROVIDERS.length === 0) throw new Error('No payout provider implements callbacks');

/** The Provider parameter's default: the first provider offered. */
export const DEFAULT_PROVIDER_ID = CALLBACK_PROVIDERS[0].id;

/** The provider the trigger's Provider parameter names, or undefined for anything else. */
export function callbackProviderOf(id: unknown): CallbackProvider | undefined {
	return CALLBACK_PROVIDERS.find((provider) => provider.id === id);
}

/** Whether `id` names a provider whose callbacks the trigger receives (and so whose items it keys). */
export function isCallbackProviderId(id: unknown): id is string {
	return callbackProviderOf(id) !== undefined;
}

/**
 * An n8n expression picking one text per provider by the Provider parameter; the first provider's
 * text is the fallback, as the parameter's default is the first provider.
 */
export function perProviderExpression(textOf: (provider: CallbackProvider) => string): string {
	const [first, ...others] = CALLBACK_PROVIDERS;
	const choice = others.reduceRight(
		(otherwise, provider) =>
			`$parameter["provider"] === ${JSON.stringify(provider.id)} ? ${JSON.stringify(textOf(provider))} : ${otherwise}`,
		JSON.stringify(textOf(first)),
	);
	return `={{ ${choice} }}`;
}
