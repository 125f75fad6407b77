/**
 * Runs the sandbox for a person (or an n8n instance in another process):
 *
 *   npm run sandbox -- --port 8787 --latency 50
 *
 * Prints the base URLs and test credentials to enter in the node's credentials, and the control
 * endpoints to drive payouts along. Stops cleanly on SIGINT/SIGTERM.
 */
import { SANDBOX_CREGIS, SANDBOX_OXAPAY_KEY, startSandbox } from './index';

interface CliArgs {
	port: number;
	latency: number;
	host?: string;
	timestampWindowMs?: number;
	/** Accounts accepted besides the default ones (a second OxaPay key, a second Cregis project). */
	oxapayKeys: string[];
	cregisProjects: { pid: string; apiKey: string }[];
}

const USAGE =
	'Usage: sandbox [--port N] [--latency MS] [--host 127.0.0.1] [--any-timestamp] [--oxapay-key KEY]… [--cregis-project PID:API_KEY]…';

function parseArgs(argv: string[]): CliArgs {
	const args: CliArgs = { port: 0, latency: 0, oxapayKeys: [], cregisProjects: [] };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
		const value = (): string => {
			const next = inline ?? argv[++i];
			if (next === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
			return next;
		};
		const integer = (text: string): number => {
			if (!/^\d+$/.test(text))
				throw new Error(`${flag} expects a non-negative integer, got ${JSON.stringify(text)}`);
			return Number(text);
		};
		switch (flag) {
			case '--port':
				args.port = integer(value());
				break;
			case '--latency':
				args.latency = integer(value());
				break;
			case '--host':
				args.host = value();
				break;
			case '--oxapay-key':
				args.oxapayKeys.push(value());
				break;
			case '--cregis-project': {
				const [pid, apiKey] = value().split(':', 2);
				if (!apiKey) throw new Error(`--cregis-project expects PID:API_KEY\n${USAGE}`);
				args.cregisProjects.push({ pid, apiKey });
				break;
			}
			case '--any-timestamp':
				// For replaying recorded or documented Cregis requests with old timestamps.
				args.timestampWindowMs = Infinity;
				break;
			case '--help':
			case '-h':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`Unknown option ${flag}\n${USAGE}`);
		}
	}
	return args;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const sandbox = await startSandbox({
		port: args.port,
		host: args.host,
		latencyMs: args.latency,
		cregisTimestampWindowMs: args.timestampWindowMs,
		oxapayKeys: [SANDBOX_OXAPAY_KEY, ...args.oxapayKeys],
		cregisProjects: [SANDBOX_CREGIS, ...args.cregisProjects],
	});
	const lines = [
		`Crypto Payout sandbox listening on ${sandbox.url} (loopback only; no real money moves)`,
		'',
		'OxaPay credential',
		`  Base URL        ${sandbox.oxapayBaseUrl}`,
		`  Payout API key  ${SANDBOX_OXAPAY_KEY}`,
		'',
		'Cregis credential',
		`  Base URL        ${sandbox.cregisBaseUrl}`,
		`  Project ID      ${SANDBOX_CREGIS.pid}`,
		`  API key         ${SANDBOX_CREGIS.apiKey}`,
		...args.oxapayKeys.map((key) => `Also accepted: OxaPay payout key ${key}`),
		...args.cregisProjects.map(
			(project) => `Also accepted: Cregis project ${project.pid}, API key ${project.apiKey}`,
		),
		'',
		'Control endpoints (JSON)',
		`  GET  ${sandbox.url}/_sandbox/ledger`,
		`  GET  ${sandbox.url}/_sandbox/requests`,
		`  POST ${sandbox.url}/_sandbox/faults              {"match":{"provider":"oxapay","path":"/payout"},"fault":{"kind":"rate-limit"},"times":1}`,
		`  POST ${sandbox.url}/_sandbox/reset`,
		`  POST ${sandbox.url}/_sandbox/payouts/<id>/status  {"status":"confirmed"} (OxaPay) or {"status":6} (Cregis)`,
		`  POST ${sandbox.url}/_sandbox/payouts/<id>/callback`,
		'',
		'Press Ctrl+C to stop.',
	];
	console.log(lines.join('\n'));

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping the sandbox`);
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
