/** A session file lillycoder will not use: what, why and what to do, said as one line. The file is left as it is. */
export class SessionFileError extends Error {
  constructor(
    readonly what: string,
    readonly why: string,
    readonly hint: string,
  ) {
    super(`${what}: ${why}; ${hint}`)
    this.name = 'SessionFileError'
  }
}
