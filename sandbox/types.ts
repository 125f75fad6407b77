/** The sandbox's public types (re-exported by sandbox/index.ts). */

export interface CregisProject {
	pid: string;
	apiKey: string;
}

export interface SandboxOptions {
	/** 0 = a random free port (default). */
	port?: number;
	/** Default '127.0.0.1'. Anything that is not a loopback address is refused. */
	host?: string;
	/** Added before every provider reply (default 0); changeable at runtime with setLatency. */
	latencyMs?: number;
	/** Accepted `payout_api_key` values (default [SANDBOX_OXAPAY_KEY]). */
	oxapayKeys?: string[];
	/** Default [SANDBOX_CREGIS]. */
	cregisProjects?: CregisProject[];
	/** First Cregis cid; default 9007199254740993n (above 2^53, so lossless handling is exercised). */
	cidStart?: bigint;
	/** First OxaPay track_id; default 258300000. */
	trackIdStart?: number;
	/** Default true; the benchmark turns it off. */
	recordRequests?: boolean;
	/** Accepted |server time − timestamp| for Cregis requests, in ms. Default 5 minutes; Infinity allowed. */
	cregisTimestampWindowMs?: number;
	/** How long a Cregis nonce stays "used" per pid, in ms. Default 10 minutes; 0 turns the check off. */
	cregisNonceWindowMs?: number;
}

export interface RecordedRequest {
	provider: 'oxapay' | 'cregis' | 'control';
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	rawBody: string;
	/** HTTP status sent; 0 while in flight or when the socket was dropped. */
	status: number;
	at: number;
}

export interface LedgerEntry {
	provider: 'oxapay' | 'cregis';
	/** OxaPay track_id or Cregis cid, digits. */
	id: string;
	/** Cregis third_party_id. */
	reference?: string;
	address: string;
	/** OxaPay: the symbol, upper-case (`USDT`). Cregis: `chain_id@token_id` (`195@195`). */
	currency: string;
	/** OxaPay: the network key (`Tron`, even when `TRC20` was sent). Cregis: the sandbox's network id (`tron`), spelled as the node's. */
	network?: string;
	/** Exact decimal text as received. */
	amount: string;
	memo?: string;
	/** OxaPay description, Cregis remark. */
	description?: string;
	callbackUrl?: string;
	/** OxaPay: lower-case status string. Cregis: status integer. */
	status: string | number;
	createdAt: number;
	txHash?: string;
	fee?: string;
}

export type Fault =
	| {
			kind: 'status';
			status: number;
			body?: string;
			contentType?: string;
			headers?: Record<string, string>;
	  }
	| { kind: 'html'; status?: number }
	| { kind: 'malformed-json'; status?: number; afterProcessing?: boolean }
	| { kind: 'delay'; ms: number }
	| { kind: 'drop'; afterProcessing: boolean }
	| { kind: 'rate-limit'; retryAfterSeconds?: number }
	| { kind: 'ip-not-allowed' }
	| { kind: 'server-error'; afterProcessing?: boolean };

export interface FaultMatch {
	provider?: 'oxapay' | 'cregis';
	method?: string;
	/** Exact path, or a RegExp tested on the path after the provider prefix (`/payout`, `/api/v1/payout`). */
	path?: string | RegExp;
}

export interface CallbackResult {
	status: number;
	body: string;
	/** 2xx and the body the provider expects (`ok` for OxaPay, `success` for Cregis). */
	accepted: boolean;
}

export interface Sandbox {
	/** http://127.0.0.1:PORT */
	url: string;
	/** `${url}/oxapay/v1`: the OxaPay credential's Base URL. */
	oxapayBaseUrl: string;
	/** `${url}/cregis`: the Cregis credential's Base URL (endpoints under /api/v1/...). */
	cregisBaseUrl: string;
	requests: RecordedRequest[];
	ledger(): LedgerEntry[];
	injectFault(match: FaultMatch, fault: Fault, times?: number): void;
	clearFaults(): void;
	setLatency(ms: number): void;
	setPayoutStatus(id: string, status: string | number, extra?: { txHash?: string }): void;
	/** POSTs the provider's signed callback for the payout's current status to its (loopback) callback_url. */
	deliverCallback(id: string): Promise<CallbackResult>;
	/** Clears ledger, requests, faults and Cregis nonces; track_id and cid numbering restart. */
	reset(): void;
	close(): Promise<void>;
}
