/**
 * `npm run judge -- challenge init <slug> --family rag|data|endpoint [--dir challenges]` scaffolds a challenge package;
 * `npm run judge -- challenge test <folder> [--runs N]` runs the publish gate on one locally;
 * `challenge push <folder>` uploads one to a running judge and prints its gate; `challenge publish <slug> <version>`.
 * See challenges/README.md.
 */
import { runCli } from './challenge-cli/run-cli';

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  },
);
