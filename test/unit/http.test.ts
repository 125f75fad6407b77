/** How a failed request is worded: a read says what could not be read; only a create "may have been received". */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isPayoutFailure } from '../../nodes/CryptoPayout/shared/errors';
import { classifyRequestError, TransportFailure } from '../../nodes/CryptoPayout/shared/http';

const node = {
	id: '1',
	name: 'Crypto Payout',
	type: 't',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};
const socketError = (code: string) => Object.assign(new Error(`socket ${code}`), { code });
/** As httpRequestWithAuthentication throws: n8n's NodeApiError around the cause. */
const wrapped = (cause: Error) => new NodeApiError(node, cause as never);

describe('classifyRequestError', () => {
	it.each(['ECONNRESET', 'ETIMEDOUT', 'EPIPE'])(
		'%s: a create may have been received; a read could not read',
		(code) => {
			const create = classifyRequestError(wrapped(socketError(code)), 'create');
			expect(create).toBeInstanceOf(TransportFailure);
			expect((create as TransportFailure).phase).toBe('maybe-sent');
			expect(create.message).toMatch(/may have been received/);

			const read = classifyRequestError(wrapped(socketError(code)), 'read');
			expect(read).toBeInstanceOf(TransportFailure);
			expect(read.message).toMatch(/^Could not read from the provider/);
			expect(read.message).not.toMatch(/may have been received/);
		},
	);

	it('a read refused by n8n for lack of a credential is a clear configuration failure, not a broken connection', () => {
		const failure = classifyRequestError(
			wrapped(
				new NodeOperationError(node, 'Node does not have any credentials set for "cregisApi"'),
			),
			'read',
		);
		expect(isPayoutFailure(failure) && failure.code).toBe('CREDENTIAL_UNAVAILABLE');
		expect(failure.message).toMatch(
			/^Could not read from the provider: n8n could not use the node's credential/,
		);
		expect(failure.message).not.toMatch(/EUNKNOWN|may have been received/);
	});

	it('connection refused: nothing was sent, for both', () => {
		expect(classifyRequestError(wrapped(socketError('ECONNREFUSED')), 'create').message).toMatch(
			/nothing was sent/,
		);
		const read = classifyRequestError(wrapped(socketError('ECONNREFUSED')), 'read');
		expect(read.message).toMatch(/^Could not read from the provider: .*nothing was sent/);
	});

	it('creates keep their wording when the cause is unknown (the money rule does not change)', () => {
		const create = classifyRequestError(
			wrapped(new NodeOperationError(node, 'Credentials not found')),
			'create',
		);
		expect(create).toBeInstanceOf(TransportFailure);
		expect((create as TransportFailure).phase).toBe('maybe-sent');
	});
});
