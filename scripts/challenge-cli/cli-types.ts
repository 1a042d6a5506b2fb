/** Where the judge's API is (`--url`, else JUDGE_URL, else loopback) and the token (`--token`, else JUDGE_TOKEN, else .build/admin-token). */
export interface ServerOptions {
  url: string;
  token?: string;
}

/** A command line the CLI does not understand: print usage and exit 2. */
export class UsageError extends Error {}
