/** Exit codes of lillycoder: documented in the README. */
export const ExitCode = {
  ok: 0,
  /** The endpoint or the model failed. */
  endpoint: 1,
  /** Bad flags, arguments or config. */
  usage: 2,
  /** `run` stopped at its step limit. */
  stepLimit: 3,
  /** `run` answered, but calls that needed approval were refused (no one to approve them). */
  approvalRefused: 4,
  /** Cancelled with Ctrl-C. */
  interrupted: 130,
} as const

/** A problem the user can fix: printed as one line (what, and what to do), never with a stack. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.usage,
  ) {
    super(message)
    this.name = 'UserError'
  }
}
