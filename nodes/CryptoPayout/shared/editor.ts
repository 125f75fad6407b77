/**
 * Description helpers for how n8n's editor shows the nodes, shared by Crypto Payout and its
 * trigger. Provider-neutral: callers pass the registry's ids and names.
 */
import type { ICredentialsDisplayOptions } from 'n8n-workflow';

/**
 * The displayOptions of a credential shown only while `parameter` is `value` (a provider's
 * credential while Provider names it), given every value the parameter can take.
 *
 * Written as "hidden for every other value", not as the usual `show: { provider: [value] }`:
 * both select the same credential (n8n-workflow's displayParameter decides, in the editor and when
 * the node runs), but n8n's editor takes an `options` parameter whose every value appears in the
 * credentials' `show` lists as the node's "main auth field" (editor-ui nodeTypesUtils
 * `getMainAuthField` → `findAlternativeAuthField`, which reads `show` only). It then hides that
 * parameter from the node's panel (useNodeSettingsParameters `shouldDisplayNodeParameter`), shows
 * it only as "Connect using" inside the credential dialog, and merges every provider's
 * credentials into one selector that picks the newest credential of any provider
 * (useNodeCredentialOptions `showMixedCredentials`). With `hide` the node has no main auth field:
 * Provider stays a normal parameter and the credential selector offers that provider's
 * credentials alone.
 */
export function shownOnlyFor(
	parameter: string,
	value: string,
	allValues: readonly string[],
): ICredentialsDisplayOptions {
	return { hide: { [parameter]: allValues.filter((other) => other !== value) } };
}

/**
 * An n8n expression showing a parameter's value by its display name, for a node's `subtitle`:
 * subtitles are expressions and cannot call the node's code, so the names travel in the
 * expression as a lookup table. An unknown value (an older one) shows as it is.
 */
export function displayNameExpression(parameter: string, names: Record<string, string>): string {
	const value = `$parameter[${JSON.stringify(parameter)}]`;
	return `(${JSON.stringify(names)}[${value}] || ${value})`;
}
