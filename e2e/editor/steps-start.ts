/**
 * The first steps in the editor: sign in, a workflow whose Manual Trigger has two pinned rows,
 * Crypto Payout added from the node creator, its Provider field, and the Currency dropdown before
 * any credential exists.
 */
import type { Login } from '../kit';
import { expect } from '../runner';
import { fetchError, type NodePanel } from './panel';
import type { EditorSession } from './session';

export const TRON_ADDRESS = 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS';
/**
 * Two rows, pinned on the Manual Trigger. The first real run (OxaPay) pays `reference`; the node
 * switched to Cregis finds those paid and pays `cregisReference`; the dry run uses `dryReference`:
 * one already paid, one fresh.
 */
export const ROWS = [
	{
		reference: 'UI-1',
		cregisReference: 'UI-C1',
		dryReference: 'UI-1',
		address: TRON_ADDRESS,
		amount: '1.5',
		currency: 'USDT',
		network: 'TRC20',
	},
	{
		reference: 'UI-2',
		cregisReference: 'UI-C2',
		dryReference: 'UI-3',
		address: TRON_ADDRESS,
		amount: '2',
		currency: 'USDT',
		network: 'TRC20',
	},
];

export const ADD_NODE_STEP = 'add Crypto Payout (Create a payout) from the node creator';

/** What a browser's `localStorage` offers (the page's, inside page.evaluate). */
type BrowserGlobal = { localStorage: { getItem(key: string): string | null } };

/** Signs in, adds the node, checks its Provider field and the Currency dropdown. False: stop here. */
export async function startSteps(
	session: EditorSession,
	panel: NodePanel,
	login: Login,
): Promise<boolean> {
	const { page, base } = session;
	const signedIn = await session.check('sign in through the login form', async () => {
		await page.goto(`${base}/signin`);
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(login.email);
		await page.getByTestId('password').locator('input').fill(login.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
		return new URL(page.url()).pathname;
	});
	if (!signedIn) return false;

	const added = await session.check(
		ADD_NODE_STEP,
		async () => {
			const created = await page.evaluate(
				async ({ rows }) => {
					const { localStorage } = globalThis as unknown as BrowserGlobal;
					const response = await fetch('/rest/workflows', {
						method: 'POST',
						headers: {
							'content-type': 'application/json',
							'browser-id': localStorage.getItem('n8n-browserId') ?? '',
						},
						body: JSON.stringify({
							name: 'Editor check',
							nodes: [
								{
									parameters: {},
									id: '0d7c1b6e-5e0a-4c55-9d7e-000000000001',
									name: 'Two rows',
									type: 'n8n-nodes-base.manualTrigger',
									typeVersion: 1,
									position: [0, 0],
								},
							],
							connections: {},
							settings: { executionOrder: 'v1' },
							pinData: { 'Two rows': rows.map((json) => ({ json })) },
						}),
					});
					return { status: response.status, body: await response.text() };
				},
				{ rows: ROWS },
			);
			expect(
				created.status === 200,
				`POST /rest/workflows: ${created.status} ${created.body.slice(0, 200)}`,
			);
			const workflowId = (JSON.parse(created.body) as { data: { id: string } }).data.id;
			await page.goto(`${base}/workflow/${workflowId}`);
			await page.getByTestId('canvas-handle-plus').first().click({ timeout: 60_000 });
			await page.getByTestId('node-creator-search-bar').fill('Crypto Payout');
			await page
				.getByTestId('item-iterator-item')
				.filter({ hasText: 'Crypto Payout' })
				.first()
				.click();
			await page.getByTestId('node-creator').getByText('Create a payout', { exact: true }).click();
			await panel.ndv().waitFor();
			await panel.params().getByTestId('parameter-input-operation').waitFor();
			return `workflow ${workflowId}: Two rows (2 pinned items) → Crypto Payout, NDV open`;
		},
		{ handOn: ['options'] }, // the dropdown requests of the opening NDV: judged by the Currency check
	);
	if (!added) return false;

	await session.check(
		'the Provider field is in the parameter panel',
		async () => {
			const field = await panel.providerField();
			const slotText = (
				await panel
					.ndv()
					.getByTestId('node-credentials-slot')
					.innerText()
					.catch(() => '')
			).replace(/\s+/g, ' ');
			expect(
				field,
				`no Provider field among the node's parameters (${await panel.params().getByTestId('parameter-item').count()} fields; the credential slot shows "${slotText.trim()}")`,
			);
			return `Provider = ${await panel.selectValue('provider')}`;
		},
		{ handOn: ['options'] },
	);

	await session.check(
		'Currency dropdown before any credential exists: no "Error fetching options"',
		async () => {
			const options = await panel.openOptions('currency');
			if (!options.disabled) await panel.closeDropdowns();
			const error = fetchError(options);
			expect(!error, `the dropdown says: ${error}`);
			const shown = options.disabled
				? `disabled: "${options.value || options.placeholder}"`
				: `${options.items.length} options${options.items.length === 0 ? ` (${options.popperText || 'empty'})` : ''}`;
			return `${shown}; requests when the NDV opened: ${session.requestsDuring(ADD_NODE_STEP)}; on opening the dropdown: ${session.requestsDuring()}`;
		},
	);
	return true;
}
