/** Shapes shared by the provider handlers and the server. Handlers are synchronous and return a Reply. */
import type { IncomingHttpHeaders } from 'http';

export interface ProviderRequest {
	method: string;
	/** Path after the provider prefix, without the query string: `/payout`, `/api/v1/payout`. */
	path: string;
	/** Raw query string without `?` ('' when none). */
	search: string;
	headers: IncomingHttpHeaders;
	rawBody: string;
	remoteAddress: string;
}

export interface Reply {
	status: number;
	body: string;
	contentType: string;
	headers?: Record<string, string>;
}

export const JSON_TYPE = 'application/json';

export function jsonReply(status: number, body: string, headers?: Record<string, string>): Reply {
	return { status, body, contentType: JSON_TYPE, headers };
}

export function isJsonContentType(value: string | undefined): boolean {
	if (value === undefined) return false;
	const semi = value.indexOf(';');
	return (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase() === 'application/json';
}

/** An HTML error page like the ones a CDN or reverse proxy puts in front of an API. */
export function htmlErrorPage(status: number): Reply {
	const title = `${status} ${status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Error'}`;
	return {
		status,
		contentType: 'text/html; charset=UTF-8',
		body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`,
	};
}

/** A loopback peer address without the IPv4-mapped prefix (`::ffff:127.0.0.1` → `127.0.0.1`). */
export function plainAddress(address: string | undefined): string {
	if (!address) return '127.0.0.1';
	return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export function isHttpUrl(value: string): boolean {
	if (!/^https?:\/\//i.test(value)) return false;
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

export function parseQuery(search: string): Record<string, string> {
	if (search === '') return {};
	// fromEntries defines own properties, so a `__proto__` parameter is plain data. Last value wins.
	return Object.fromEntries(new URLSearchParams(search));
}
