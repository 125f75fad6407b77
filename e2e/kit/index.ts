/**
 * The real-n8n kit: an n8n of version V with this package, in regular or queue mode, beside the
 * sandbox gateway, all on 127.0.0.1. The e2e runners (e2e/*), the bench's real-n8n part
 * (bench/real-n8n/) and the playground (scripts/playground.ts) start and read n8n only through it.
 *
 *   install.ts            installN8n(version): e2e/install-n8n.sh on the Node that version runs on
 *   instance.ts           N8nInstance: user folder, package, CLI (import, publish, execute), n8n start/worker
 *   community-package.ts  the packed package installed into a user folder as n8n installs it
 *   environment.ts        every variable n8n gets, and why
 *   n8n-process.ts        N8nMain (n8n start) and N8nWorker, with their readiness waits
 *   services.ts           Postgres + Redis for queue mode
 *   database.ts           executions and processed data, read from SQLite (sqlite.ts) or Postgres
 *   sandbox.ts            the sandbox gateway process and the credentials pointing at it
 *   workflow-json.ts      workflow files in, run JSON out
 *   owner.ts              the editor's owner account
 *   processes.ts          process groups, bounded waits, loopback HTTP
 *   cli.ts                `node <build>/e2e/kit/cli.js install <version>` for the shell scripts
 */
export * from './community-package';
export * from './database';
export * from './environment';
export * from './install';
export * from './instance';
export * from './n8n-process';
export * from './owner';
export * from './processes';
export * from './sandbox';
export * from './services';
export * from './sqlite';
export * from './workflow-json';
