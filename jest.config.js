/** Tests run TypeScript through ts-jest; type checking is done once by `npm run typecheck`. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }],
	},
	testTimeout: 30000,
	globalSetup: '<rootDir>/test/harness/leak-scan.setup.ts',
	globalTeardown: '<rootDir>/test/harness/leak-scan.teardown.ts',
};
