/**
 * Loads something once per execution and shares the promise, so concurrent items wait for one
 * request instead of each making it. A failed load is forgotten, so a later item tries again.
 */
export async function loadOnce<T>(
	cache: Map<string, unknown>,
	key: string,
	load: () => Promise<T>,
): Promise<T> {
	let loading = cache.get(key) as Promise<T> | undefined;
	if (!loading) {
		loading = load();
		cache.set(key, loading);
		loading.catch(() => cache.delete(key));
	}
	return await loading;
}

/** `new URL()` without the exception: undefined when the text is not an absolute URL. */
export function parseUrl(text: string): URL | undefined {
	return URL.canParse(text) ? new URL(text) : undefined;
}
