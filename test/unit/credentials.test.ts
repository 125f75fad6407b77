import { CregisApi } from '../../credentials/CregisApi.credentials';
import { OxaPayApi } from '../../credentials/OxaPayApi.credentials';
import { PROVIDERS } from '../../nodes/CryptoPayout/providers/registry';
import { signCregisBody } from '../../nodes/CryptoPayout/providers/cregis/sign';
import { parseJsonLossless } from '../../nodes/CryptoPayout/shared/json';

describe('OxaPay API credential', () => {
	const credential = new OxaPayApi();

	it('sends the key as the payout_api_key header and the Base URL, nothing else', async () => {
		const options = await credential.authenticate(
			{ apiKey: 'k-123', baseUrl: 'https://api.oxapay.com/v1/' },
			{ url: '/payout', method: 'GET', headers: { accept: 'application/json' } },
		);
		expect(options).toEqual({
			url: '/payout',
			method: 'GET',
			baseURL: 'https://api.oxapay.com/v1',
			headers: { accept: 'application/json', payout_api_key: 'k-123' },
		});
	});

	it.each(['http://api.oxapay.com/v1', 'http://10.0.0.5/v1', 'ftp://x', 'not a url', ''])(
		'refuses %p with a clear message',
		async (baseUrl) => {
			await expect(
				credential.authenticate({ apiKey: 'k', baseUrl }, { url: '/payout' }),
			).rejects.toThrow(/Base URL/);
		},
	);

	it.each(['http://127.0.0.1:8787/oxapay/v1', 'http://localhost:1/v1', 'http://[::1]:2/v1'])(
		'accepts plain http on loopback (%p)',
		async (baseUrl) => {
			await expect(
				credential.authenticate({ apiKey: 'k', baseUrl }, { url: '/payout' }),
			).resolves.toBeDefined();
		},
	);

	it('tests itself with a read-only history call and defaults to the real API', () => {
		expect(credential.test.request).toMatchObject({
			url: '/payout',
			method: 'GET',
			qs: { size: 1 },
		});
		expect(credential.properties.find((property) => property.name === 'baseUrl')?.default).toBe(
			'https://api.oxapay.com/v1',
		);
		expect(
			credential.properties.find((property) => property.name === 'apiKey')?.typeOptions,
		).toEqual({ password: true });
	});
});

describe('Cregis API credential', () => {
	const credential = new CregisApi();
	const data = {
		baseUrl: 'https://t-abc.cregis.io',
		projectId: '1382528827416576',
		apiKey: 'f502a9ac9ca54327986f29c03b271491',
	};

	it('signs the body; the key never goes on the wire', async () => {
		const options = await credential.authenticate(data, {
			url: '/api/v1/coins',
			method: 'POST',
			body: {},
		});
		expect(options.baseURL).toBe('https://t-abc.cregis.io');
		const body = parseJsonLossless(options.body as string) as Record<string, unknown>;
		expect(Object.keys(body).sort()).toEqual(['nonce', 'pid', 'sign', 'timestamp']);
		expect(body.sign).toBe(signCregisBody(body, data.apiKey));
		expect(JSON.stringify(options)).not.toContain(data.apiKey);
		expect(Math.abs(Number(body.timestamp) - Date.now())).toBeLessThan(5000);
	});

	it('tests itself with a signed POST /api/v1/coins; Base URL has no default', () => {
		expect(credential.test.request).toMatchObject({ url: '/api/v1/coins', method: 'POST' });
		expect(credential.properties.find((property) => property.name === 'baseUrl')).toMatchObject({
			required: true,
			default: '',
		});
		expect(credential.properties.find((property) => property.name === 'projectId')?.type).toBe(
			'string',
		);
	});

	it('refuses plain http to a remote host', async () => {
		await expect(
			credential.authenticate(
				{ ...data, baseUrl: 'http://t-abc.cregis.io' },
				{ url: '/x', body: {} },
			),
		).rejects.toThrow(/https/);
	});
});

describe('credential tests against a hostile host', () => {
	it.each([new OxaPayApi(), new CregisApi()])(
		'$displayName: the test request never follows a redirect',
		(credential) => {
			expect(credential.test.request.disableFollowRedirect).toBe(true);
		},
	);

	it("OxaPay: redirects and the usual error statuses get the node's own text, never the host's reason phrase", () => {
		const rules = new OxaPayApi().test.rules as Array<{
			properties: { value: number; message: string };
		}>;
		const messageFor = (status: number) =>
			rules.find((rule) => rule.properties.value === status)?.properties.message;
		for (const status of [301, 302, 303, 307, 308])
			expect(messageFor(status)).toMatch(/redirect.*the key was not sent on/);
		for (const status of [400, 408, 429, 500, 502, 503, 504])
			expect(messageFor(status)).toContain(`HTTP ${status}`);
		// the credential's own advice comes first, and wins
		expect(messageFor(401)).toMatch(/OxaPay refused the key/);
	});
});

describe('secret fields', () => {
	it.each(PROVIDERS.map((provider) => [provider.id, provider] as const))(
		'%s: the transport removes exactly the password fields of its credential',
		(_id, provider) => {
			const credential = [new OxaPayApi(), new CregisApi()].find(
				(candidate) => candidate.name === provider.credentialType,
			)!;
			const passwords = credential.properties
				.filter((property) => property.typeOptions?.password === true)
				.map((property) => property.name);
			expect([...provider.secretCredentialFields].sort()).toEqual(passwords.sort());
			expect(passwords.length).toBeGreaterThan(0);
		},
	);
});
