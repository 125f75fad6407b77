/**
 * A small hostile HTTP server on loopback, for what the sandbox never does: redirect the node to
 * another host, echo the request's headers back in its replies, answer 408 or 499. Each test gives
 * the answer per request; every request is recorded (method, path, headers, body) so a test can
 * show what reached which host, the key included.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	/** Path and query, as requested. */
	url: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

export interface HostileReply {
	status: number;
	body?: string;
	headers?: Record<string, string>;
}

export type HostileHandler = (request: RecordedRequest) => HostileReply;

export interface HostileServer {
	/** http://127.0.0.1:PORT */
	origin: string;
	requests: RecordedRequest[];
	/** Replaces the handler (default: 404 for everything). */
	answer(handler: HostileHandler): void;
	close(): Promise<void>;
}

export async function startHostileServer(
	handler: HostileHandler = () => ({ status: 404 }),
): Promise<HostileServer> {
	let current = handler;
	const requests: RecordedRequest[] = [];
	const server = http.createServer((incoming, res) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => {
			const request: RecordedRequest = {
				method: incoming.method ?? '',
				url: incoming.url ?? '/',
				headers: incoming.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(request);
			const reply = current(request);
			res.writeHead(reply.status, {
				'content-type': 'application/json',
				...reply.headers,
			});
			res.end(reply.body ?? '');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		requests,
		answer(next) {
			current = next;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** What an echoing server sends back: every request header and the body, as JSON text. */
export function echoOf(request: RecordedRequest): string {
	return JSON.stringify({ headers: request.headers, body: request.body });
}
