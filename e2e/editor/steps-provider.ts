/**
 * One provider in the editor, in order: switch to it, create its credential from the node, the
 * Currency and Network dropdowns right after, the fields only it has, Network reset when Currency
 * changes (OxaPay), the two rows mapped with expressions, Execute step and the output table.
 */
import { sleep } from '../kit';
import { CheckFailure, expect } from '../runner';
import type { Credentials, EditorProvider } from './credentials';
import { describeRows, executeStep, outputRows } from './output';
import { fetchError, type NodePanel } from './panel';
import type { EditorSession } from './session';

/**
 * The steps for one provider; true when its two payouts were made (the dry run needs them).
 * `paid`: which providers' Execute steps paid the rows so far.
 */
export async function providerSteps(
	session: EditorSession,
	panel: NodePanel,
	credentials: Credentials,
	provider: EditorProvider,
	paid: Record<string, boolean> = {},
): Promise<boolean> {
	const label = (text: string) => `${provider.name}: ${text}`;
	const switched = await session.check(label('switch the provider'), async () => {
		const route = await credentials.switchProvider(provider, { createCredential: true });
		return `through ${route}`;
	});
	if (!switched) {
		session.skip(
			label('the remaining checks'),
			`the node could not be switched to ${provider.name}`,
		);
		return false;
	}

	const credential = await session.check(
		label('create the credential from the node; its test passes'),
		async () => {
			const { name, closedItself } = await credentials.create(provider);
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
			session.skip(label(name), 'needs the credential of the step before');
	}
	const dropdowns =
		credential &&
		(await session.check(
			label('Currency and Network dropdowns load right after creating the credential'),
			async () => {
				const currencyName = provider.id === 'oxapay' ? 'USDT' : 'USDT-TRC20';
				await panel.setFixed('currency');
				await panel.setFixed('network');
				const currencies = await panel.chooseOption('currency', currencyName);
				let networks = await panel.openOptions('network');
				if (networks.items.length === 0 && !fetchError(networks)) {
					// On a busy machine the list can render empty while the options for the new currency
					// arrive: look once more before judging.
					await panel.closeDropdowns();
					await sleep(1_000);
					networks = await panel.openOptions('network');
				}
				const error = fetchError(networks);
				if (error) {
					await panel.closeDropdowns();
					throw new CheckFailure(`Network dropdown: ${error}`);
				}
				const tron = networks.items.find((item) => /tron|trc20/i.test(item.text));
				if (!tron) {
					await panel.closeDropdowns();
					throw new CheckFailure(
						`no Tron network for ${currencyName}: ${networks.items.map((item) => item.name).join(', ') || `(no options; the dropdown shows "${networks.popperText}")`}`,
					);
				}
				await panel.optionItem(tron.name, networks.popper).click();
				await sleep(300);
				return `${currencies.items.length} currencies, ${currencyName} → ${networks.items.length} networks, picked ${tron.name}; ${session.requestsDuring()}`;
			},
		));

	await session.check(
		label('fields for this provider (Get Many, Duplicate Check Window)'),
		async () => {
			const { operations, options } = await panel.offeredFields();
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

	if (!credential) return false;

	if (provider.id === 'oxapay' && !dropdowns)
		session.skip(
			label('Network is reset when Currency changes'),
			'needs the Currency and Network picked from the dropdowns',
		);
	else if (provider.id === 'oxapay') {
		await session.check(label('Network is reset when Currency changes'), async () => {
			const before = await panel.selectValue('network');
			expect(before, 'no network was chosen in the step before');
			const requestsBefore = session.requestLog.length;
			await panel.chooseOption('currency', 'BTC');
			// The Network options load again for BTC: read the field once they have.
			await session
				.waitForRequest((entry) => entry.loadOptions === 'getNetworks', requestsBefore, 15_000)
				.catch(() => {});
			const after = await panel.settledValue('network');
			const issues = await panel.issuesOf('network');
			expect(
				after !== before && issues.length === 0,
				`Currency USDT → BTC left Network at "${after}"${issues.length ? ` with the issue: ${issues.join('; ')}` : ''}`,
			);
			return `Network "${before}" → "${after || '(empty)'}"`;
		});
	}

	await session.check(
		label('two rows mapped with expressions: no parameter issue on valid values'),
		async () => {
			await panel.setExpression('reference', '{{ $json.reference }}');
			await panel.setExpression('address', '{{ $json.address }}');
			await panel.setExpression('amount', '{{ $json.amount }}');
			await panel.setExpression('currency', '{{ $json.currency }}');
			await panel.setExpression('network', '{{ $json.network }}');
			// Coming back to the node: the dropdowns load again and the issues are worked out anew.
			await panel.reopenNode('Crypto Payout');
			const found = [];
			for (const name of ['reference', 'address', 'amount', 'currency', 'network']) {
				for (const issue of await panel.issuesOf(name)) found.push(`${name}: ${issue}`);
			}
			expect(
				found.length === 0,
				`red issues on the mapped fields (rows: currency USDT, network TRC20): ${found.join(' | ')}`,
			);
			return 'reference, address, amount, currency = {{ $json.currency }} (USDT), network = {{ $json.network }} (TRC20): no issue';
		},
	);

	const { switchedFrom } = provider.ownReferences ?? {};
	const switchCheck = label(
		`Execute step right after the switch: the rows ${switchedFrom} paid are "duplicate", nothing paid`,
	);
	if (switchedFrom && !paid[switchedFrom.toLowerCase()])
		session.skip(switchCheck, `needs the ${switchedFrom} payouts of its "Execute step"`);
	else if (switchedFrom) {
		await session.check(switchCheck, async () => {
			const ledgerBefore = await session.sandbox.ledger();
			await executeStep(panel);
			const rows = await outputRows(
				panel,
				(list) =>
					list.length === 2 &&
					list.every((row) => row.provider === provider.id && row.status) &&
					list.map((row) => row.reference).join() === 'UI-1,UI-2',
			);
			const ledger = await session.sandbox.ledger();
			expect(
				rows.every((row) => row.status === 'duplicate') && ledger.length === ledgerBefore.length,
				`rows: ${describeRows(rows)}; the ledger went from ${ledgerBefore.length} to ${ledger.length} payouts`,
			);
			return `${describeRows(rows)}; ledger unchanged (${ledger.length} payouts)`;
		});
	}
	const references = provider.ownReferences ? 'UI-C1,UI-C2' : 'UI-1,UI-2';
	return await session.check(
		label(`Execute step: the output table shows both payouts (${references})`),
		async () => {
			const own = provider.ownReferences?.column;
			if (own) await panel.setExpression('reference', `{{ $json.${own} }}`);
			await executeStep(panel);
			const rows = await outputRows(
				panel,
				(list) =>
					list.length === 2 &&
					list.every((row) => row.provider === provider.id && row.status) &&
					list.map((row) => row.reference).join() === references,
			);
			expect(
				rows.every(
					(row) => row.status === provider.createdStatus && /^\d+$/.test(row.payoutId ?? ''),
				),
				`rows: ${describeRows(rows)} (expected status ${provider.createdStatus} and a numeric payoutId)`,
			);
			const entries = (await session.sandbox.ledger()).filter(
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
