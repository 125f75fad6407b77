/**
 * The few things the trigger needs from n8n's express request and response, typed locally so the
 * node depends on nothing but n8n-workflow. n8n's cli reads the body before calling `webhook()`
 * and keeps the exact bytes in `req.rawBody`; `readRawBody()` is its helper for when it has not.
 */

export interface CallbackRequest {
	headers: Record<string, string | string[] | undefined>;
	rawBody?: unknown;
	readRawBody?: () => Promise<void>;
}

export interface CallbackResponse {
	statusCode: number;
	headersSent?: boolean;
	setHeader(name: string, value: string): unknown;
	end(body: string): unknown;
}

/** The request's exact bytes, never a re-serialized body. */
export async function readRawBody(req: CallbackRequest): Promise<Buffer | undefined> {
	if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === 'function') {
		await req.readRawBody();
	}
	return Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;
}

/** A header's single value, matched case-insensitively; undefined when absent or repeated. */
export function headerValue(req: CallbackRequest, name: string): string | undefined {
	const wanted = name.toLowerCase();
	let found: string | undefined;
	for (const [key, value] of Object.entries(req.headers ?? {})) {
		if (key.toLowerCase() !== wanted || value === undefined) continue;
		if (found !== undefined || Array.isArray(value)) return undefined;
		found = value;
	}
	return found;
}

/** Every provider posts `application/json` (a charset parameter is fine). */
export function isJsonContentType(req: CallbackRequest): boolean {
	const value = headerValue(req, 'content-type');
	if (value === undefined) return false;
	return value.split(';')[0].trim().toLowerCase() === 'application/json';
}

/** Headers for a plain-text reply that n8n sends later (express keeps a Content-Type already set). */
export function prepareTextReply(res: CallbackResponse): void {
	if (res.headersSent) return;
	res.setHeader('Content-Type', 'text/plain; charset=utf-8');
	res.setHeader('Cache-Control', 'no-store');
}

/** Writes a short plain-text reply, exactly `body`, now. */
export function sendText(res: CallbackResponse, statusCode: number, body: string): void {
	if (res.headersSent) return;
	res.statusCode = statusCode;
	prepareTextReply(res);
	res.end(body);
}
