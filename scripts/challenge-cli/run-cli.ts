import path from 'node:path';
import { parseCliArgs, USAGE, UsageError } from './cli-args-parser';
import { initChallenge, InitError } from './init-command';
import { printGateTable } from './gate-table-printer';
import { ApiError } from './judge-api-client';
import { listVersions, publishChallenge, pushChallenge } from './push-command';
import { testChallenge } from './test-command';
import { runStaffCommand } from './staff-commands';
import type { StaffCommand } from './staff-args-parser';

const isStaffCommand = (c: { command: string }): c is StaffCommand => c.command.startsWith('assessment ') || c.command.startsWith('invite ');

/** Runs one CLI invocation and returns the exit code: 0 ok, 1 failure (gate or refusal), 2 usage. */
export async function runCli(argv: string[], log: Pick<Console, 'log' | 'error' | 'table'> = console): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    log.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.command === 'help') {
    log.log(USAGE);
    return 0;
  }
  try {
    if (command.command === 'init') {
      const { folder, files } = await initChallenge(command);
      const shown = displayPath(folder);
      log.log(`Created ${shown} (${command.family}; ${command.languages.join(', ')}):\n${files.map((f) => `  ${f}`).join('\n')}`);
      log.log(`\nNext: edit statement.md, tests/ and solutions/, then\n  npm run judge -- challenge test ${shown}`);
      return 0;
    }
    if (command.command === 'push') {
      const pushed = await pushChallenge(command.folder, command.server, command.waitSeconds, log);
      if (pushed.passed && command.publish) await publishChallenge(pushed.slug!, pushed.version!, command.server, log);
      return pushed.passed ? 0 : 1;
    }
    if (isStaffCommand(command)) {
      await runStaffCommand(command, log);
      return 0;
    }
    if (command.command === 'versions') {
      await listVersions(command.slug, command.server, log);
      return 0;
    }
    if (command.command === 'publish') {
      await publishChallenge(command.slug, command.version, command.server, log);
      return 0;
    }
    const outcome = await testChallenge(command.folder, command.runs);
    printGateTable(outcome.pkg, outcome.rows, log);
    log.log(outcome.ok ? 'The package passes the publish gate.' : 'The package fails the publish gate.');
    return outcome.ok ? 0 : 1;
  } catch (error) {
    // InitError (a refusal) and a package the gate cannot read are both the author's to fix: say why, exit 1.
    log.error(error instanceof InitError ? error.message : describeError(error as Error));
    return 1;
  }
}

/** A path relative to the working directory when it is inside it, else absolute. */
function displayPath(folder: string): string {
  const relative = path.relative(process.cwd(), folder);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : folder;
}

/** An API refusal with its code and, for an invalid package, one line per problem. */
function describeError(error: Error): string {
  if (!(error instanceof ApiError) || !error.code) return error.message;
  const issues = (error.details as { issues?: Array<{ path: string; problem: string; expected: string }> } | undefined)?.issues ?? [];
  return [`${error.code}: ${error.message}`, ...issues.map((i) => `  ${i.path}: ${i.problem} (expected ${i.expected})`)].join('\n');
}
