/**
 * A config file lillycoder cannot use, naming the file, the key and the problem. It is never
 * skipped: a rule file that silently failed to load would loosen the policy.
 */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly key?: string,
  ) {
    super(key ? `${file}: ${key}: ${problem}` : `${file}: ${problem}`)
    this.name = 'ConfigError'
  }
}
