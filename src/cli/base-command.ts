import {Command, Flags} from '@oclif/core'

import {ConfigError} from '../runtime/config/config-error.js'
import {ModelError} from '../runtime/model/model-error.js'
import {ExitCode, UserError} from './user-error.js'

/** Shared error handling: user errors are one line; a bug shows its stack only with --debug. */
export abstract class BaseCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({description: 'Show stack traces and debug details', default: false, helpGroup: 'GLOBAL'}),
  }

  protected override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    // oclif's own parse errors (unknown flag, missing argument) already read well and exit 2.
    if (error.oclif?.exit !== undefined && !(error instanceof UserError)) return super.catch(error)
    const debug = this.argv.includes('--debug') || Boolean(process.env.LILLYCODER_DEBUG)
    let exitCode: number = ExitCode.endpoint
    let line: string
    if (error instanceof UserError) {
      exitCode = error.exitCode
      line = error.message
    } else if (error instanceof ConfigError) {
      exitCode = ExitCode.usage
      line = error.message
    } else if (error instanceof ModelError) {
      line = error.describe()
    } else {
      line = `internal error: ${error.message}${debug ? '' : ' (run again with --debug for details)'}`
    }
    if (this.jsonEnabled()) this.logJson({error: {message: line, exitCode}})
    else this.reportFailure(line, exitCode)
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`)
    process.exitCode = exitCode
    return undefined
  }

  /** How a failed command says so; `run --json` overrides it to keep stdout one JSON event per line. */
  protected reportFailure(line: string, _exitCode: number): void {
    process.stderr.write(`lillycoder: ${line}\n`)
  }
}
