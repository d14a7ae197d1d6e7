// The bnpl-kit command line: one binary, one subcommand per job. Commander parses
// the arguments; each subcommand lives in its own module, loaded only when it runs
// (the mock starts without loading the conformance kit, and the other way round).
// `--version` prints the package's version; usage mistakes exit 2.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { root } from '../lib/paths.ts';

// `bnpl-kit summary | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

const program = new Command('bnpl-kit')
  .description('Contract-first mock server and conformance kit for buy-now-pay-later payment-order APIs')
  .version(version, '-V, --version', 'print the version of bnpl-kit');

program
  .command('summary')
  .description('print the operations of an API contract')
  .argument('[api]', 'API name (a file spec/<api>.yaml)', 'bnpl-payment-order')
  .action(async (api: string) => {
    const { compileSpec } = await import('../lib/openapi.ts');
    const spec = await compileSpec(api);
    console.log(`${spec.document.info.title} ${spec.document.info.version}`);
    for (const operation of spec.operations.values()) {
      const statuses = [...operation.statuses].join(' ');
      console.log(
        `  ${operation.method.toUpperCase().padEnd(5)} ${operation.pathTemplate}  ${operation.operationId}  [${statuses}]`,
      );
    }
  });

const subcommand = process.argv[2];
if (subcommand !== 'conformance' && subcommand !== 'summary') {
  program.addCommand((await import('./mock/cli.ts')).mockCommand());
}
if (subcommand !== 'mock' && subcommand !== 'summary') {
  program.addCommand((await import('../conformance/cli.ts')).conformanceCommand());
}

// Usage mistakes are configuration problems: exit 2, the code CI reads as "not run".
for (const command of [program, ...program.commands]) command.exitOverride();
try {
  await program.parseAsync();
} catch (error) {
  const exitCode = (error as { exitCode?: number }).exitCode;
  process.exit(exitCode === 0 ? 0 : 2);
}
