import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {UserError} from '../../cli/user-error.js'
import {xdgPaths} from '../../runtime/config/xdg-paths.js'
import {SessionFileError} from '../../runtime/sessions/session-error.js'
import {removeSession, sessionsDir} from '../../runtime/sessions/session-store.js'

export default class SessionsRm extends BaseCommand {
  static override summary = 'Delete one saved session'
  static override args = {id: Args.string({required: true, description: 'The session id (or a unique start of it), from `sessions list`'})}

  async run(): Promise<void> {
    const {args} = await this.parse(SessionsRm)
    try {
      const file = await removeSession(sessionsDir(xdgPaths().state), args.id)
      this.log(`removed ${file}`)
    } catch (error) {
      if (error instanceof SessionFileError) throw new UserError(error.message)
      throw error
    }
  }
}
