/**
 * A logger that records every line instead of printing it. It is installed both as n8n-workflow's
 * LoggerProxy (used by n8n-workflow/n8n-core internals) and as @n8n/backend-common's `Logger`
 * service, which is what a node's `this.logger` resolves to in n8n 2.x. Tests read the lines back
 * with capturedLogs(), e.g. to assert that no secret ever reaches a log.
 */
import type { Logger as BackendLogger } from '@n8n/backend-common';
import type { Logger as WorkflowLogger, LogMetadata } from 'n8n-workflow';

type Level = 'error' | 'warn' | 'info' | 'debug';

const lines: string[] = [];

/** JSON.stringify that keeps Error details (message/stack may carry secrets) and survives cycles. */
function stringifyMeta(meta: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(meta, (_key, value: unknown) => {
		if (value instanceof Error) {
			return { ...value, name: value.name, message: value.message, stack: value.stack };
		}
		if (typeof value === 'bigint') return value.toString();
		if (value !== null && typeof value === 'object') {
			if (seen.has(value)) return '[Circular]';
			seen.add(value);
		}
		return value;
	});
}

export class CapturingLogger implements WorkflowLogger {
	constructor(private readonly scopes: string[] = []) {}

	private record(level: Level, message: unknown, metadata?: LogMetadata) {
		const meta = this.scopes.length ? { ...metadata, scopes: this.scopes } : metadata;
		const text = typeof message === 'string' ? message : stringifyMeta(message);
		lines.push(
			`${level} ${text}${meta && Object.keys(meta).length ? ' ' + stringifyMeta(meta) : ''}`,
		);
	}

	error(message: string, metadata?: LogMetadata) {
		this.record('error', message, metadata);
	}

	warn(message: string, metadata?: LogMetadata) {
		this.record('warn', message, metadata);
	}

	info(message: string, metadata?: LogMetadata) {
		this.record('info', message, metadata);
	}

	debug(message: string, metadata?: LogMetadata) {
		this.record('debug', message, metadata);
	}

	/** backend-common's Logger API: services call `logger.scoped('ssrf-protection')` etc. */
	scoped(scopes: string | string[]) {
		return new CapturingLogger([...this.scopes, ...(Array.isArray(scopes) ? scopes : [scopes])]);
	}

	/** Typed view for `Container.set(Logger, …)`; only the methods above are ever called. */
	asBackendLogger(): BackendLogger {
		return this as unknown as BackendLogger;
	}
}

export function capturedLogs(): string[] {
	return [...lines];
}
