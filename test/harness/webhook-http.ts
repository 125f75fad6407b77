/**
 * The express-shaped request and response the webhook harness hands to n8n-core's WebhookContext
 * (n8n's cli passes express objects; nodes reach them through getRequestObject/getResponseObject).
 * The response is the real http.ServerResponse with express's status/send/json added, and it
 * records what was finally sent.
 */
import type http from 'node:http';

/**
 * The incoming message as express and n8n's middlewares leave it. n8n-workflow's declarations
 * add `contentType`, `encoding`, `rawBody` and `readRawBody()` to http.IncomingMessage.
 */
export interface HarnessWebhookRequest extends http.IncomingMessage {
	params: Record<string, string>;
	query: Record<string, string>;
	body: unknown;
}

export type HarnessWebhookResponse = http.ServerResponse & {
	status(code: number): HarnessWebhookResponse;
	send(body: string | Buffer): HarnessWebhookResponse;
	json(data: unknown): HarnessWebhookResponse;
};

export interface RecordedReply {
	status: number;
	body: string;
	contentType: string | undefined;
}

type Write = (chunk: unknown, ...rest: unknown[]) => boolean;
type End = (chunk?: unknown, ...rest: unknown[]) => http.ServerResponse;

const toBuffer = (chunk: unknown): Buffer | undefined =>
	typeof chunk === 'string'
		? Buffer.from(chunk)
		: Buffer.isBuffer(chunk)
			? chunk
			: chunk instanceof Uint8Array
				? Buffer.from(chunk)
				: undefined;

export function createWebhookResponse(
	res: http.ServerResponse,
	onReply: (reply: RecordedReply) => void,
): HarnessWebhookResponse {
	const response = res as HarnessWebhookResponse;
	const chunks: Buffer[] = [];
	const write = res.write.bind(res) as Write;
	const end = res.end.bind(res) as End;

	(response as unknown as { write: Write }).write = (chunk, ...rest) => {
		const buffer = toBuffer(chunk);
		if (buffer) chunks.push(buffer);
		return write(chunk, ...rest);
	};
	(response as unknown as { end: End }).end = (chunk, ...rest) => {
		const buffer = toBuffer(chunk);
		if (buffer) chunks.push(buffer);
		const contentType = res.getHeader('content-type');
		onReply({
			status: res.statusCode,
			body: Buffer.concat(chunks).toString('utf8'),
			contentType: contentType === undefined ? undefined : String(contentType),
		});
		return end(chunk, ...rest);
	};
	response.status = (code) => {
		res.statusCode = code;
		return response;
	};
	response.send = (body) => {
		if (!res.hasHeader('content-type')) {
			res.setHeader(
				'content-type',
				typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/octet-stream',
			);
		}
		response.end(body);
		return response;
	};
	response.json = (data) => {
		res.setHeader('content-type', 'application/json; charset=utf-8');
		response.end(JSON.stringify(data));
		return response;
	};
	return response;
}
