// The errors a user can be shown, one class per exit code the CLI gives them (cli/common.ts):
// a usage error is the caller's to fix (exit 2), an environment error the machine's (exit 3).
// Lower layers throw these; only the CLI turns them into messages and exit codes.

/** Bad input: an unknown method, flag, fault, runtime or lab; a bad --hosts. Exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The machine is not fit: not root, a package missing, no Docker engine, no image. Exit 3. */
export class EnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentError';
  }
}
