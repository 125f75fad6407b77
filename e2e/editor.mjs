/**
 * The node in the real n8n editor, driven by headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core): the packed package installed as a community package, `n8n start` and the
 * sandbox gateway on loopback. Started by scripts/e2e.sh for n8n 2.41.1 (E2E_ONLY=editor runs it
 * alone):
 *
 *   node e2e/editor.mjs --version 2.41.1 --n8n-dir .cache/n8n/2.41.1 --node-bin <dir of Node 24>
 *                       --tarball <tgz> --sandbox-cli <sandbox/cli.js> [--summary-file F] [--keep]
 *
 * What a person does in the editor, in order: sign in; a workflow whose Manual Trigger has two
 * pinned rows; Crypto Payout added from the node creator; the Provider field in the parameter
 * panel and what switching it shows (Get Many and "Duplicate Check Window (Days)" for OxaPay only);
 * each provider's credential created from the node, its test passing; the Currency and Network
 * dropdowns loaded right after; Network reset when Currency changes; the two rows mapped with
 * expressions ({{ $json.currency }} = USDT, {{ $json.network }} = TRC20) without a parameter issue;
 * Execute step and the output table (status, payoutId); Dry Run on a paid and a fresh reference;
 * the trigger's Provider field and Production URL. Page errors and failed dropdown / credential-test
 * requests fail the run. Screenshots: .cache/editor-shots/ (E2E_EDITOR_SHOTS).
 *
 * When the Provider field is not in the parameter panel the provider is switched where n8n shows
 * it instead (the credential modal's type selector, or a credential of the other type), so the
 * later checks still say what they see.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	CREGIS,
	CheckFailure,
	OXAPAY_KEY,
	ROOT,
	cleanup,
	createN8n,
	createReporter,
	expect,
	freePort,
	installPackage,
	parseArgs,
	sleep,
	startSandbox,
	stopBackground,
} from './lib/harness.mjs';
import { ensureOwner, startN8nServer } from './lib/server.mjs';

const args = parseArgs(
	['version', 'n8n-dir', 'node-bin', 'tarball'],
	'node e2e/editor.mjs --version V --n8n-dir DIR --node-bin DIR --tarball TGZ [--sandbox-cli F] [--keep]',
);
const VERSION = args.version;
const TAG = `[n8n ${VERSION} editor]`;
const NODE_BIN_DIR = path.resolve(args['node-bin']);
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.resolve(
	process.env.E2E_EDITOR_SHOTS ?? path.join(ROOT, '.cache', 'editor-shots'),
);
const STEP_MS = Number(process.env.E2E_EDITOR_STEP_MS ?? 90_000);
const LOGIN = { email: 'editor-e2e@example.com', password: 'Editor-e2e-2024' };

const WORK = mkdtempSync(path.join(os.tmpdir(), `crypto-payout-editor-${VERSION}-`));
const HOME = path.join(WORK, 'home');
const FILES = path.join(WORK, 'files');
mkdirSync(path.join(HOME, '.n8n', 'nodes'), { recursive: true });
mkdirSync(FILES, { recursive: true });

const { results, report, check: plainCheck } = createReporter(TAG);
const PROVIDERS = {
	oxapay: {
		id: 'oxapay',
		name: 'OxaPay',
		credentialType: 'OxaPay API',
		createdStatus: 'processing',
	},
	cregis: { id: 'cregis', name: 'Cregis', credentialType: 'Cregis API', createdStatus: 'pending' },
};
const TRON_ADDRESS = 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS';
// Two rows, pinned on the Manual Trigger. The first real run pays `reference`; the dry run uses
// `dryReference`: one already paid, one fresh.
const ROWS = [
	{
		reference: 'UI-1',
		dryReference: 'UI-1',
		address: TRON_ADDRESS,
		amount: '1.5',
		currency: 'USDT',
		network: 'TRC20',
	},
	{
		reference: 'UI-2',
		dryReference: 'UI-3',
		address: TRON_ADDRESS,
		amount: '2',
		currency: 'USDT',
		network: 'TRC20',
	},
];

// ---------------------------------------------------------------- what the page did wrong
let currentStep = 'start';
const problems = []; // {step, kind, text}
let shotIndex = 0;
let page;
let sandbox;
let server;

/** The watched requests of the current step, for a check's detail. */
function requestsDuring(step = currentStep) {
	const list = requestLog.filter((entry) => entry.step === step);
	if (list.length === 0) return 'no dropdown request';
	return list
		.map(
			(entry) =>
				`${entry.path.replace('/rest/', '')}${entry.loadOptions ? ` ${entry.loadOptions}` : ''} → ${entry.status}${entry.failure ? ` ${entry.failure}` : ''} (${entry.ms} ms)`,
		)
		.join(', ');
}

/** A check that cannot run because one it needs failed: PENDING (that one is the FAIL). */
function skip(name, reason) {
	report('PENDING', name, `not run: ${reason}`);
}

/**
 * A check bounded in time, with a screenshot of the page at its end (pass or fail). It fails on
 * the problems (page errors, failed requests) not judged yet, except those of the kinds in
 * `handOn` (e.g. 'options': the dropdown requests an opening NDV makes), which the next check judges.
 */
async function check(name, fn, { timeoutMs = STEP_MS, handOn = [] } = {}) {
	currentStep = name;
	let timer;
	const ok = await plainCheck(name, async () => {
		let detail;
		let failure;
		try {
			detail = await Promise.race([
				fn(),
				new Promise((_, reject) => {
					timer = setTimeout(
						() => reject(new CheckFailure(`step did not finish within ${timeoutMs / 1000} s`)),
						timeoutMs,
					);
				}),
			]);
		} catch (error) {
			// Playwright's errors carry a long call log: its first lines say enough.
			failure =
				error instanceof CheckFailure
					? error.message
					: String(error?.message ?? error)
							.split('\n')
							.filter((line) => line.trim())
							.slice(0, 3)
							.join(' / ');
		} finally {
			clearTimeout(timer);
		}
		// Late responses of this step: a moment to arrive.
		await sleep(300);
		const during = problems.filter(
			(problem) => !problem.judged && !handOn.includes(problem.category),
		);
		for (const problem of during) problem.judged = true;
		const seen = during.map((problem) => `${problem.kind}: ${problem.text}`).join(' | ');
		if (failure) throw new CheckFailure(seen ? `${failure} | ${seen}` : failure);
		if (seen) throw new CheckFailure(`${seen}${detail ? ` (otherwise: ${detail})` : ''}`);
		return detail;
	});
	const file = path.join(
		SHOTS,
		`${String(++shotIndex).padStart(2, '0')}-${name
			.replace(/[^a-z0-9]+/gi, '-')
			.replace(/^-|-$/g, '')
			.slice(0, 70)}.png`,
	);
	if (page) {
		await page.screenshot({ path: file, timeout: 10_000 }).catch(() => {});
		if (!ok) console.log(`  screenshot ${path.relative(ROOT, file)}`);
	}
	return ok;
}

const requestLog = []; // {step, method, path, loadOptions, status, ms, failure}
/** The loadOptions method a dynamic-node-parameters request asks for. */
function methodNameOf(request) {
	try {
		return JSON.parse(request.postData() ?? '{}').methodName ?? '';
	} catch {
		return '';
	}
}
const watched = (url) => {
	const { pathname } = new URL(url);
	return (
		pathname.startsWith('/rest/dynamic-node-parameters/') || pathname === '/rest/credentials/test'
	);
};

function watchPage(target) {
	const started = new Map();
	target.on('request', (request) => {
		if (watched(request.url())) started.set(request, { step: currentStep, at: Date.now() });
	});
	target.on('requestfailed', (request) => {
		if (!watched(request.url())) return;
		const begun = started.get(request);
		const entry = {
			step: begun?.step ?? currentStep,
			method: request.method(),
			path: new URL(request.url()).pathname,
			loadOptions: methodNameOf(request),
			status: 'failed',
			ms: begun ? Date.now() - begun.at : undefined,
			failure: request.failure()?.errorText,
		};
		requestLog.push(entry);
		// The editor cancels a dropdown request it no longer needs; that is not the package's failure.
		if (!/ERR_ABORTED|cancel/i.test(entry.failure ?? ''))
			problems.push({
				step: currentStep,
				category: 'options',
				kind: `${entry.method} ${entry.path} failed`,
				text: entry.failure,
			});
	});
	target.on('requestfinished', async (request) => {
		if (!watched(request.url())) return;
		const begun = started.get(request);
		const response = await request.response().catch(() => null);
		requestLog.push({
			step: begun?.step ?? currentStep,
			method: request.method(),
			path: new URL(request.url()).pathname,
			loadOptions: methodNameOf(request),
			status: response?.status(),
			ms: begun ? Date.now() - begun.at : undefined,
		});
	});

	target.on('pageerror', (error) =>
		problems.push({
			step: currentStep,
			category: 'page',
			kind: 'page error',
			text: String(error?.message ?? error).split('\n')[0],
		}),
	);
	target.on('response', async (response) => {
		const url = new URL(response.url());
		const isOptions = url.pathname.startsWith('/rest/dynamic-node-parameters/');
		const isCredentialTest = url.pathname === '/rest/credentials/test';
		if (!isOptions && !isCredentialTest) return;
		let body = '';
		try {
			body = await response.text();
		} catch {
			/* gone with the page */
		}
		if (response.status() >= 400) {
			let message = body;
			try {
				message = JSON.parse(body).message ?? body;
			} catch {
				/* not JSON */
			}
			problems.push({
				step: currentStep,
				category: isOptions ? 'options' : 'credential',
				kind: `${response.request().method()} ${url.pathname} ${response.status()}`,
				text: String(message).slice(0, 300),
			});
		} else if (isCredentialTest) {
			try {
				const data = JSON.parse(body).data;
				if (data?.status !== 'OK')
					problems.push({
						step: currentStep,
						category: 'credential',
						kind: 'credential test',
						text: `${data?.status}: ${data?.message}`,
					});
			} catch {
				/* not JSON */
			}
		}
	});
}

// ---------------------------------------------------------------- editor helpers
const ndv = () => page.getByTestId('ndv');
const panel = () => ndv().getByTestId('node-parameters');
const popper = () => page.locator('.el-popper:visible').last();
const paramItem = (name) =>
	panel()
		.getByTestId('parameter-item')
		.filter({ has: page.getByTestId(`parameter-input-${name}`) })
		.last();

/** Clicks somewhere harmless in the NDV so an open dropdown closes without choosing anything. */
async function closeDropdowns() {
	await ndv().getByTestId('tab-params').click();
	await sleep(200);
}

/**
 * Opens a select's dropdown and waits for its options (or its error / empty text). A select the
 * editor disabled (e.g. "Set up credential to see options") is not opened: `disabled` says so.
 */
async function openOptions(name) {
	const field = panel().getByTestId(`parameter-input-${name}`);
	const input = field.locator('input').first();
	const placeholder =
		(await input.getAttribute('placeholder', { timeout: 5_000 }).catch(() => '')) ?? '';
	const value = await input.inputValue({ timeout: 5_000 }).catch(() => '');
	if (await input.isDisabled().catch(() => false))
		return { items: [], popperText: '', placeholder, value, disabled: true };
	await field.click();
	// The select's own dropdown: its input names the listbox it controls.
	const listbox = await input.getAttribute('aria-controls').catch(() => null);
	const own = listbox
		? page
				.locator('.el-popper')
				.filter({ has: page.locator(`[id="${listbox}"]`) })
				.first()
		: popper();
	const deadline = Date.now() + 20_000;
	let popperText = '';
	while (Date.now() < deadline) {
		popperText = (await own.innerText({ timeout: 1_000 }).catch(() => '')).trim();
		if (popperText && !/^Loading/i.test(popperText)) break;
		await sleep(250);
	}
	const items = await own
		.locator('.el-select-dropdown__item')
		.evaluateAll((elements) =>
			elements.map((element) => ({
				name: (
					element.querySelector('.option-headline')?.textContent ?? element.textContent
				).trim(),
				text: element.textContent.trim(),
			})),
		)
		.catch(() => []);
	return { items, popperText, placeholder, value, disabled: false, popper: own };
}

function fetchError(options) {
	const text = `${options.popperText} ${options.placeholder} ${options.value}`;
	return /error fetching options|could not load|EUNKNOWN/i.test(text)
		? text.trim().slice(0, 300)
		: undefined;
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The open dropdown's option whose headline is exactly `optionName`. */
const optionItem = (optionName, within = popper()) =>
	within
		.locator('.el-select-dropdown__item')
		.filter({
			has: page.locator('.option-headline', {
				hasText: new RegExp(`^\\s*${escapeRegExp(optionName)}\\s*$`),
			}),
		})
		.first();

async function chooseOption(name, optionName) {
	const options = await openOptions(name);
	if (options.disabled)
		throw new CheckFailure(
			`${name} dropdown is disabled: "${options.value || options.placeholder}"`,
		);
	const error = fetchError(options);
	if (error) {
		await closeDropdowns();
		throw new CheckFailure(`${name} dropdown: ${error}`);
	}
	const item = optionItem(optionName, options.popper);
	if ((await item.count()) === 0) {
		await closeDropdowns();
		throw new CheckFailure(
			`${name} dropdown has no "${optionName}" (options: ${options.items.map((option) => option.name).join(', ') || options.popperText || 'none'})`,
		);
	}
	await item.click();
	await sleep(300);
	return options;
}

async function selectValue(name) {
	return await panel().getByTestId(`parameter-input-${name}`).locator('input').first().inputValue();
}

/**
 * The first entry under "Triggers" in the node creator's panel of a node (its name is the
 * package's wording, so the section is what finds it).
 */
async function triggerItemOfNodeCreator() {
	const creator = page.getByTestId('node-creator');
	await creator.getByTestId('node-creator-category-item').first().waitFor();
	const marked = await creator.evaluate((root) => {
		const entries = root.querySelectorAll(
			'[data-test-id="node-creator-category-item"], [data-test-id="item-iterator-item"]',
		);
		let inTriggers = false;
		for (const entry of entries) {
			if (entry.getAttribute('data-test-id') === 'node-creator-category-item') {
				inTriggers = /^\s*Triggers\b/.test(entry.textContent);
			} else if (inTriggers) {
				entry.setAttribute('data-e2e-trigger-item', '');
				return entry.textContent.trim();
			}
		}
		return undefined;
	});
	expect(marked, 'the node creator shows no entry under "Triggers"');
	return creator.locator('[data-e2e-trigger-item]').first();
}

/** Waits for a watched request (logged after index `from`) that `match`es. */
async function waitForRequest(match, from, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const found = requestLog.slice(from).find(match);
		if (found) return found;
		await sleep(200);
	}
	throw new CheckFailure(`no matching request within ${timeoutMs / 1000} s`);
}

/** A select's shown value once its options have loaded again. */
async function settledValue(name, timeoutMs = 20_000) {
	const deadline = Date.now() + timeoutMs;
	await sleep(500);
	let value = await selectValue(name);
	while (/^Loading/i.test(value) && Date.now() < deadline) {
		await sleep(250);
		value = await selectValue(name);
	}
	expect(!/^Loading/i.test(value), `${name} still says "${value}" after ${timeoutMs / 1000} s`);
	return value;
}

/** The texts of a parameter's issue icon (its tooltip), or [] when it has none. */
async function issuesOf(name) {
	const icon = paramItem(name).getByTestId('parameter-issues');
	if ((await icon.count()) === 0 || !(await icon.first().isVisible())) return [];
	await icon.first().locator('span').first().hover();
	let text = '';
	const deadline = Date.now() + 5_000;
	while (Date.now() < deadline && !text) {
		const tips = await page
			.locator('[data-reka-popper-content-wrapper], [role="tooltip"], .el-popper')
			.filter({ hasText: 'Issues:' })
			.allInnerTexts();
		text = tips.map((tip) => tip.trim()).find(Boolean) ?? '';
		if (!text) await sleep(200);
	}
	await page.mouse.move(5, 5);
	await sleep(300);
	return [text.replace(/^Issues:\s*/, '').replace(/\s+/g, ' ') || '(issue icon without text)'];
}

/** Sets a parameter to an expression (switching it to Expression first). */
async function setExpression(name, expression) {
	const item = paramItem(name);
	const editor = item.getByTestId('inline-expression-editor-input');
	if (!(await editor.isVisible())) {
		await item.hover();
		await item.getByTestId('radio-button-expression').click();
		await editor.waitFor();
	}
	await editor.click();
	await page.keyboard.press('ControlOrMeta+A');
	// insertText: no auto-closed braces.
	await page.keyboard.insertText(expression);
	await sleep(200);
	const text = (await editor.innerText()).trim();
	expect(text === expression, `${name}: the expression editor holds ${JSON.stringify(text)}`);
	await closeDropdowns();
}

/** Switches a parameter back to Fixed (from Expression). */
async function setFixed(name) {
	const item = paramItem(name);
	if (!(await item.getByTestId('inline-expression-editor-input').isVisible())) return;
	await item.hover();
	await item.getByTestId('radio-button-fixed').click();
	await panel().getByTestId(`parameter-input-${name}`).locator('input').first().waitFor();
	await closeDropdowns();
}

/** Closes the node's panel and opens it again from the canvas, as a person coming back to it. */
async function reopenNode(nodeName) {
	await ndv().getByTestId('ndv-close-button').click();
	await ndv().waitFor({ state: 'hidden' });
	await page.getByTestId('canvas-node').filter({ hasText: nodeName }).first().dblclick();
	await ndv().waitFor();
	await panel().getByTestId('parameter-input-operation').waitFor();
	await sleep(1_000);
}

/** The Provider field in the parameter panel, or undefined when the panel has none. */
async function providerField() {
	const field = panel().getByTestId('parameter-input-provider');
	return (await field.count()) > 0 && (await field.first().isVisible()) ? field.first() : undefined;
}

/** The open credential modal. */
const credentialModal = () => page.getByTestId('editCredential-modal');

/** Opens "Create new credential" from the node's credential slot. */
async function openNewCredentialFromNode() {
	const slot = ndv().getByTestId('node-credentials-slot');
	await slot.waitFor();
	const manual = slot.getByTestId('setup-manually-link');
	if ((await manual.count()) > 0 && (await manual.first().isVisible())) {
		await manual.first().click();
	} else {
		const select = slot.getByTestId('node-credentials-select');
		const empty = slot.getByTestId('node-credentials-empty-state');
		const trigger = (await select.count()) > 0 ? select.first() : empty.first();
		await trigger.click();
		const create = page
			.getByTestId('node-credentials-select-item-new')
			.or(popper().getByText('Create new credential'))
			.first();
		await Promise.race([
			create.waitFor({ timeout: 10_000 }),
			credentialModal().waitFor({ timeout: 10_000 }),
		]);
		if (!(await credentialModal().isVisible())) await create.click();
	}
	await credentialModal().waitFor();
}

/** The credential modal's type selector (n8n's home for a parameter the credentials depend on). */
async function modalChooseType(provider) {
	const trigger = credentialModal().getByTestId('credential-mode-dropdown-trigger');
	if ((await trigger.count()) === 0) return false;
	if ((await trigger.innerText()).trim() === provider.name) return true;
	await trigger.click();
	await page
		.locator(
			'[data-reka-popper-content-wrapper]:visible, .el-popper:visible, [role="menu"]:visible',
		)
		.getByText(provider.name, { exact: true })
		.first()
		.click();
	await sleep(500);
	expect(
		(await trigger.innerText()).trim() === provider.name,
		`the credential modal's type selector still says ${await trigger.innerText()}`,
	);
	return true;
}

async function closeCredentialModal() {
	const close = credentialModal().locator('.el-dialog__headerbtn, .el-dialog__close').first();
	if (await credentialModal().isVisible()) await close.click();
	await credentialModal().waitFor({ state: 'hidden' });
}

/** Selects the node's credential of the provider's type in the credential picker. */
async function pickCredentialOfType(provider, { onlyIfEmpty = false } = {}) {
	const select = ndv().getByTestId('node-credentials-select');
	if (onlyIfEmpty) {
		await sleep(500);
		const shown =
			(await select.count()) > 0 ? await select.locator('input').first().inputValue() : '';
		if (shown) return;
	}
	await select.click();
	const item = popper()
		.locator('.el-select-dropdown__item')
		.filter({ hasText: provider.credentialType })
		.first();
	await item.waitFor({ timeout: 5_000 });
	await item.click();
	await sleep(500);
}

/**
 * Makes `provider` the node's provider: through the Provider field when the panel has it, else
 * where n8n shows it (a credential of that type in the picker, or the credential modal's type
 * selector). Returns how.
 */
async function switchProvider(provider, { createCredential } = {}) {
	const field = await providerField();
	if (field) {
		if ((await selectValue('provider')) !== provider.name)
			await chooseOption('provider', provider.name);
		expect(
			(await selectValue('provider')) === provider.name,
			`Provider shows ${await selectValue('provider')}`,
		);
		if (!createCredential) await pickCredentialOfType(provider, { onlyIfEmpty: true });
		return 'the Provider field';
	}
	if (!createCredential) {
		await pickCredentialOfType(provider);
		return `a ${provider.credentialType} credential in the credential picker (no Provider field in the panel)`;
	}
	await openNewCredentialFromNode();
	expect(
		await modalChooseType(provider),
		'no Provider field in the panel and no type selector in the credential modal',
	);
	return "the credential modal's type selector (no Provider field in the panel)";
}

/** Creates the provider's sandbox credential from the node and waits for its test. */
async function createCredential(provider) {
	if (!(await credentialModal().isVisible())) {
		await openNewCredentialFromNode();
		await modalChooseType(provider);
	}
	const modal = credentialModal();
	const fields =
		provider.id === 'oxapay'
			? { apiKey: OXAPAY_KEY, baseUrl: `${sandbox.url}/oxapay/v1` }
			: { baseUrl: `${sandbox.url}/cregis`, projectId: CREGIS.pid, apiKey: CREGIS.apiKey };
	for (const [key, value] of Object.entries(fields)) {
		const input = modal.getByTestId(`parameter-input-${key}`).locator('input, textarea').first();
		await input.waitFor();
		await input.fill(value);
	}
	const name = (await modal.getByTestId('credential-name').innerText()).trim();
	const tested = page.waitForResponse(
		(response) => new URL(response.url()).pathname === '/rest/credentials/test',
		{ timeout: 30_000 },
	);
	await modal.getByTestId('credential-save-button').click();
	const response = await tested.catch(() => undefined);
	const result = response ? (await response.json().catch(() => ({})))?.data : undefined;
	// The modal shows the test's outcome, or closes itself once a credential made from a node passed.
	const banner = modal.getByText(/Connection tested successfully|Couldn.t connect/i).first();
	await Promise.race([
		banner.waitFor({ timeout: 20_000 }),
		modal.waitFor({ state: 'hidden', timeout: 20_000 }),
	]).catch(() => {});
	const bannerText = (await banner.innerText({ timeout: 1_000 }).catch(() => '')).trim();
	expect(
		result?.status === 'OK',
		`credential test: ${response ? JSON.stringify(result) : 'no POST /rest/credentials/test'}${bannerText ? `; the modal says ${JSON.stringify(bannerText)}` : ''}`,
	);
	expect(
		!bannerText || /successfully/i.test(bannerText),
		`the modal says ${JSON.stringify(bannerText)}`,
	);
	const closedItself = !(await modal.isVisible());
	if (!closedItself) await closeCredentialModal();
	await sleep(500);
	const picked = await ndv()
		.getByTestId('node-credentials-select')
		.locator('input')
		.first()
		.inputValue();
	expect(
		picked === name,
		`the node's credential is ${JSON.stringify(picked)}, expected the new ${JSON.stringify(name)}`,
	);
	return { name, closedItself };
}

/** Operation names and option names the panel offers for the current provider. */
async function offeredFields() {
	const current = await selectValue('operation');
	const operations = await openOptions('operation');
	await optionItem(current, operations.popper).click();
	await sleep(200);
	await panel().getByTestId('collection-parameter-add').last().click();
	await popper().waitFor();
	const optionNames = (await popper().locator('.el-select-dropdown__item').allInnerTexts()).map(
		(text) => text.trim(),
	);
	await closeDropdowns();
	return { operations: operations.items.map((item) => item.name), options: optionNames };
}

/** Reads the output panel's table once its rows satisfy `ready` (rows are {column: text}). */
async function outputRows(ready, timeoutMs = 60_000) {
	const output = ndv().getByTestId('output-panel');
	const deadline = Date.now() + timeoutMs;
	let rows = [];
	while (Date.now() < deadline) {
		const table = output.getByTestId('radio-button-table');
		if ((await table.count()) > 0 && (await table.isVisible())) await table.click().catch(() => {});
		rows = await output
			.locator('table')
			.first()
			.evaluate(
				(element) => {
					const head = [...element.querySelectorAll('thead th')].map((th) => th.innerText.trim());
					return [...element.querySelectorAll('tbody tr')].map((tr) =>
						Object.fromEntries(
							[...tr.querySelectorAll('td')].map((td, i) => [
								head[i] ?? String(i),
								td.innerText.trim(),
							]),
						),
					);
				},
				undefined,
				{ timeout: 2_000 },
			)
			.catch(() => []);
		if (ready(rows)) return rows;
		await sleep(500);
	}
	const text = (await output.innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 400);
	throw new CheckFailure(
		`the output table did not show the expected rows within ${timeoutMs / 1000} s: ${JSON.stringify(rows).slice(0, 400)} / panel: ${text}`,
	);
}

async function executeStep() {
	const run = page.waitForResponse(
		(response) => /\/rest\/workflows\/[^/]+\/run/.test(response.url()),
		{
			timeout: 30_000,
		},
	);
	await ndv().getByTestId('node-execute-button').click();
	const response = await run;
	expect(response.status() < 400, `POST …/run answered ${response.status()}`);
}

const describeRows = (rows) =>
	rows.map((row) => `${row.reference} ${row.status} ${row.payoutId}`).join(', ');

// ---------------------------------------------------------------- the checks
async function editorChecks(base) {
	const { chromium, selectors } = await import('playwright-core');
	selectors.setTestIdAttribute('data-test-id');
	expect(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y chromium)`);
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-dev-shm-usage',
			'--disable-gpu',
			'--no-first-run',
			'--disable-extensions',
		],
	});
	try {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		context.setDefaultTimeout(15_000);
		context.setDefaultNavigationTimeout(60_000);
		page = await context.newPage();
		watchPage(page);

		const signedIn = await check('sign in through the login form', async () => {
			await page.goto(`${base}/signin`);
			await page.getByTestId('emailOrLdapLoginId').locator('input').fill(LOGIN.email);
			await page.getByTestId('password').locator('input').fill(LOGIN.password);
			await page.getByTestId('form-submit-button').click();
			await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
			return new URL(page.url()).pathname;
		});
		if (!signedIn) return;

		let workflowId;
		const added = await check(
			'add Crypto Payout (Create a payout) from the node creator',
			async () => {
				const created = await page.evaluate(
					async ({ rows }) => {
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
				workflowId = JSON.parse(created.body).data.id;
				await page.goto(`${base}/workflow/${workflowId}`);
				await page.getByTestId('canvas-handle-plus').first().click({ timeout: 60_000 });
				await page.getByTestId('node-creator-search-bar').fill('Crypto Payout');
				await page
					.getByTestId('item-iterator-item')
					.filter({ hasText: 'Crypto Payout' })
					.first()
					.click();
				await page
					.getByTestId('node-creator')
					.getByText('Create a payout', { exact: true })
					.click();
				await ndv().waitFor();
				await panel().getByTestId('parameter-input-operation').waitFor();
				return `workflow ${workflowId}: Two rows (2 pinned items) → Crypto Payout, NDV open`;
			},
			{ handOn: ['options'] }, // the dropdown requests of the opening NDV: judged by the Currency check
		);
		if (!added) return;

		await check(
			'the Provider field is in the parameter panel',
			async () => {
				const field = await providerField();
				const slotText = (
					await ndv()
						.getByTestId('node-credentials-slot')
						.innerText()
						.catch(() => '')
				).replace(/\s+/g, ' ');
				expect(
					field,
					`no Provider field among the node's parameters (${await panel().getByTestId('parameter-item').count()} fields; the credential slot shows "${slotText.trim()}")`,
				);
				return `Provider = ${await selectValue('provider')}`;
			},
			{ handOn: ['options'] },
		);

		await check(
			'Currency dropdown before any credential exists: no "Error fetching options"',
			async () => {
				const options = await openOptions('currency');
				if (!options.disabled) await closeDropdowns();
				const error = fetchError(options);
				expect(!error, `the dropdown says: ${error}`);
				const shown = options.disabled
					? `disabled: "${options.value || options.placeholder}"`
					: `${options.items.length} options${options.items.length === 0 ? ` (${options.popperText || 'empty'})` : ''}`;
				return `${shown}; requests when the NDV opened: ${requestsDuring('add Crypto Payout (Create a payout) from the node creator')}; on opening the dropdown: ${requestsDuring()}`;
			},
		);

		const paid = {};
		for (const provider of [PROVIDERS.oxapay, PROVIDERS.cregis]) {
			const label = (text) => `${provider.name}: ${text}`;
			let route = '';
			const switched = await check(label('switch the provider'), async () => {
				route = await switchProvider(provider, { createCredential: true });
				return `through ${route}`;
			});
			if (!switched) {
				skip(label('the remaining checks'), `the node could not be switched to ${provider.name}`);
				continue;
			}

			const credential = await check(
				label('create the credential from the node; its test passes'),
				async () => {
					const { name, closedItself } = await createCredential(provider);
					return `"${name}" (${provider.credentialType}) saved, test OK${closedItself ? ', the modal closed itself' : ', "Connection tested successfully"'}, selected on the node`;
				},
				// The dropdowns reload when the credential is set: the next check judges those requests.
				{ handOn: ['options'] },
			);

			if (!credential) {
				for (const name of [
					'Currency and Network dropdowns load right after creating the credential',
					...(provider.id === 'oxapay' ? ['Network is reset when Currency changes'] : []),
					'two rows mapped with expressions: no parameter issue on valid values',
					'Execute step: the output table shows both payouts',
				])
					skip(label(name), 'needs the credential of the step before');
			}
			const dropdowns =
				credential &&
				(await check(
					label('Currency and Network dropdowns load right after creating the credential'),
					async () => {
						const currencyName = provider.id === 'oxapay' ? 'USDT' : 'USDT-TRC20';
						await setFixed('currency');
						await setFixed('network');
						const currencies = await chooseOption('currency', currencyName);
						const networks = await openOptions('network');
						const error = fetchError(networks);
						if (error) {
							await closeDropdowns();
							throw new CheckFailure(`Network dropdown: ${error}`);
						}
						const tron = networks.items.find((item) => /tron|trc20/i.test(item.text));
						if (!tron) {
							await closeDropdowns();
							throw new CheckFailure(
								`no Tron network for ${currencyName}: ${networks.items.map((item) => item.name).join(', ')}`,
							);
						}
						await optionItem(tron.name, networks.popper).click();
						await sleep(300);
						return `${currencies.items.length} currencies, ${currencyName} → ${networks.items.length} networks, picked ${tron.name}; ${requestsDuring()}`;
					},
				));

			await check(
				label('fields for this provider (Get Many, Duplicate Check Window)'),
				async () => {
					const { operations, options } = await offeredFields();
					const wantGetMany = provider.id === 'oxapay';
					const hasGetMany = operations.some((name) => /Get Many/i.test(name));
					const hasWindow = options.some((name) => /Duplicate Check Window/i.test(name));
					const wrong = [];
					if (hasGetMany !== wantGetMany)
						wrong.push(`Operation ${hasGetMany ? 'offers' : 'lacks'} Get Many Payouts`);
					if (hasWindow !== wantGetMany)
						wrong.push(`Options ${hasWindow ? 'offer' : 'lack'} "Duplicate Check Window (Days)"`);
					expect(
						wrong.length === 0,
						`${wrong.join('; ')} (operations: ${operations.join(', ')}; options: ${options.join(', ')})`,
					);
					return `operations: ${operations.join(', ')}; options include Duplicate Check Window: ${hasWindow}`;
				},
			);

			if (!credential) continue;

			if (provider.id === 'oxapay' && !dropdowns)
				skip(
					label('Network is reset when Currency changes'),
					'needs the Currency and Network picked from the dropdowns',
				);
			else if (provider.id === 'oxapay') {
				await check(label('Network is reset when Currency changes'), async () => {
					const before = await selectValue('network');
					expect(before, 'no network was chosen in the step before');
					const requestsBefore = requestLog.length;
					await chooseOption('currency', 'BTC');
					// The Network options load again for BTC: read the field once they have.
					await waitForRequest(
						(entry) => entry.loadOptions === 'getNetworks',
						requestsBefore,
						15_000,
					).catch(() => {});
					const after = await settledValue('network');
					const issues = await issuesOf('network');
					expect(
						after !== before && issues.length === 0,
						`Currency USDT → BTC left Network at "${after}"${issues.length ? ` with the issue: ${issues.join('; ')}` : ''}`,
					);
					return `Network "${before}" → "${after || '(empty)'}"`;
				});
			}

			await check(
				label('two rows mapped with expressions: no parameter issue on valid values'),
				async () => {
					await setExpression('reference', '{{ $json.reference }}');
					await setExpression('address', '{{ $json.address }}');
					await setExpression('amount', '{{ $json.amount }}');
					await setExpression('currency', '{{ $json.currency }}');
					await setExpression('network', '{{ $json.network }}');
					// Coming back to the node: the dropdowns load again and the issues are worked out anew.
					await reopenNode('Crypto Payout');
					const found = [];
					for (const name of ['reference', 'address', 'amount', 'currency', 'network']) {
						for (const issue of await issuesOf(name)) found.push(`${name}: ${issue}`);
					}
					expect(
						found.length === 0,
						`red issues on the mapped fields (rows: currency USDT, network TRC20): ${found.join(' | ')}`,
					);
					return 'reference, address, amount, currency = {{ $json.currency }} (USDT), network = {{ $json.network }} (TRC20): no issue';
				},
			);

			paid[provider.id] = await check(
				label('Execute step: the output table shows both payouts'),
				async () => {
					await executeStep();
					const rows = await outputRows(
						(list) =>
							list.length === 2 &&
							list.every((row) => row.provider === provider.id && row.status) &&
							list.map((row) => row.reference).join() === 'UI-1,UI-2',
					);
					expect(
						rows.every(
							(row) => row.status === provider.createdStatus && /^\d+$/.test(row.payoutId ?? ''),
						),
						`rows: ${describeRows(rows)} (expected status ${provider.createdStatus} and a numeric payoutId)`,
					);
					const entries = (await sandbox.ledger()).filter(
						(entry) => entry.provider === provider.id,
					);
					expect(
						entries.length === 2,
						`the sandbox ledger has ${entries.length} ${provider.name} payouts, expected 2`,
					);
					return describeRows(rows);
				},
			);
		}

		// Dry Run: UI-1 was paid by the runs above, UI-3 never was.
		for (const provider of [PROVIDERS.cregis, PROVIDERS.oxapay]) {
			const name = `${provider.name}: Dry Run says "duplicate" for a paid reference, "validated" for a fresh one`;
			if (!paid[provider.id]) {
				skip(name, `needs the ${provider.name} payouts of "Execute step"`);
				continue;
			}
			await check(
				`${provider.name}: Dry Run says "duplicate" for a paid reference, "validated" for a fresh one`,
				async () => {
					if (provider.id === 'oxapay') await switchProvider(provider);
					const dryRun = panel().getByTestId('parameter-input-dryRun');
					if ((await dryRun.count()) === 0) {
						await panel().getByTestId('collection-parameter-add').last().click();
						await popper().getByText('Dry Run', { exact: true }).click();
						await dryRun.waitFor();
					}
					const toggle = dryRun.locator('input[role="switch"]');
					if ((await toggle.getAttribute('aria-checked')) !== 'true')
						await dryRun.locator('.el-switch').click();
					expect(
						(await toggle.getAttribute('aria-checked')) === 'true',
						'the Dry Run switch did not turn on',
					);
					await setExpression('reference', '{{ $json.dryReference }}');
					const ledgerBefore = (await sandbox.ledger()).length;
					await executeStep();
					const rows = await outputRows(
						(list) =>
							list.length === 2 &&
							list.every((row) => row.provider === provider.id && row.status) &&
							list.map((row) => row.reference).join() === 'UI-1,UI-3',
					);
					const byRef = Object.fromEntries(rows.map((row) => [row.reference, row]));
					expect(
						byRef['UI-1'].status === 'duplicate' && byRef['UI-3'].status === 'validated',
						`UI-1 (paid before) → ${byRef['UI-1'].status} "${byRef['UI-1'].message}", UI-3 (fresh) → ${byRef['UI-3'].status}`,
					);
					expect(
						(await sandbox.ledger()).length === ledgerBefore,
						'the dry run added a payout to the ledger',
					);
					return describeRows(rows);
				},
			);
		}

		await check('trigger: Provider field and Production URL', async () => {
			await page.keyboard.press('ControlOrMeta+s').catch(() => {});
			await page.goto(`${base}/workflow/new`);
			await page.getByTestId('canvas-add-button').click({ timeout: 60_000 });
			await page.getByTestId('node-creator-search-bar').fill('Crypto Payout');
			await page
				.getByTestId('item-iterator-item')
				.filter({ hasText: 'Crypto Payout' })
				.first()
				.click();
			await (await triggerItemOfNodeCreator()).click();
			await ndv().waitFor();
			await panel().getByText('Webhook URLs').click();
			await panel().getByTestId('radio-button-production').click();
			const text = await panel().innerText();
			const url = new RegExp(`${escapeRegExp(base)}/webhook/[0-9a-f-]{36}/payout-status`).exec(
				text,
			)?.[0];
			const field = await providerField();
			const options = field ? (await openOptions('provider')).items.map((item) => item.name) : [];
			if (field) await closeDropdowns();
			const wrong = [];
			if (!url) wrong.push(`no Production URL ${base}/webhook/<id>/payout-status in the panel`);
			if (!field) wrong.push('no Provider field in the parameter panel');
			else if (options.join() !== 'OxaPay,Cregis')
				wrong.push(`Provider offers ${options.join(', ')}`);
			expect(wrong.length === 0, `${wrong.join('; ')}${url ? ` (Production URL ${url})` : ''}`);
			return `Provider offers ${options.join(', ')}; Production URL ${url}`;
		});
	} finally {
		await browser.close().catch(() => {});
	}
}

// ---------------------------------------------------------------- main
async function main() {
	const t0 = Date.now();
	console.log(
		`› ${TAG} work folder ${WORK}; screenshots in ${path.relative(ROOT, SHOTS) || SHOTS}`,
	);
	rmSync(SHOTS, { recursive: true, force: true });
	mkdirSync(SHOTS, { recursive: true });
	const cli = createN8n({
		nodeBinDir: NODE_BIN_DIR,
		n8nDir: path.resolve(args['n8n-dir']),
		home: HOME,
		files: FILES,
		work: WORK,
	});

	let base;
	const started = await plainCheck(
		'n8n start with the packed package, the sandbox, an owner',
		async () => {
			await installPackage({
				home: HOME,
				tarball: path.resolve(args.tarball),
				nodeBinDir: NODE_BIN_DIR,
			});
			sandbox = await startSandbox({
				cli: args['sandbox-cli'],
				logFile: path.join(WORK, 'sandbox.log'),
			});
			server = await startN8nServer(cli, { port: await freePort(), work: WORK });
			base = server.base;
			await ensureOwner(base, LOGIN);
			return `${base} ready after ${server.startSeconds.toFixed(0)} s; sandbox ${sandbox.url}`;
		},
	);
	if (started) {
		try {
			await editorChecks(base);
		} catch (error) {
			report('FAIL', 'editor run', error?.stack ?? String(error));
		}
		currentStep = 'end';
		const stray = problems.filter((problem) => problem.step === 'end');
		if (stray.length > 0)
			report(
				'FAIL',
				'page errors after the last step',
				stray.map((problem) => problem.text).join(' | '),
			);
	}
	await stopBackground(server);
	await stopBackground(sandbox, 5_000);
	writeFileSync(path.join(WORK, 'editor-requests.json'), JSON.stringify(requestLog, null, 2));

	const count = (state) => results.filter((result) => result.state === state).length;
	console.log(
		`e2e n8n ${VERSION} editor: ${count('PASS')} passed, ${count('FAIL')} failed, ${count('PENDING')} pending (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
	);
	if (args['summary-file']) {
		writeFileSync(
			args['summary-file'],
			JSON.stringify({
				version: VERSION,
				passed: count('PASS'),
				failed: count('FAIL'),
				pending: count('PENDING'),
			}),
		);
	}
	if (args.keep || count('FAIL') > 0) console.log(`› ${TAG} n8n log and database kept in ${WORK}`);
	else rmSync(WORK, { recursive: true, force: true });
	process.exitCode = count('FAIL') > 0 ? 1 : 0;
}

main().catch((error) => {
	console.error(`FAIL ${TAG} editor runner: ${error?.stack ?? error}`);
	cleanup();
	process.exit(1);
});
