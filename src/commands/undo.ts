import {Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {UndoKeeper} from '../cli/session/undo-keeper.js'
import {UserError} from '../cli/user-error.js'
import {currentWorkspace} from '../cli/workspace.js'
import {xdgPaths} from '../runtime/config/xdg-paths.js'
import {SnapshotError} from '../runtime/snapshots/snapshot-error.js'

export default class Undo extends BaseCommand {
  static override summary = "Put back the files the last turn of this folder's newest session changed"
  static override description =
    'Each run goes one turn further back. Refuses, naming the file, when a file was changed by someone else after lillycoder changed it, unless --force.'
  static override flags = {
    session: Flags.string({description: 'The session whose turn to undo (default: the newest session that changed files here)'}),
    force: Flags.boolean({description: 'Undo even over changes made after lillycoder’s', default: false}),
    redo: Flags.boolean({description: 'Re-apply the turn undone last instead', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Undo)
    const workspace = await currentWorkspace()
    const stateDir = xdgPaths().state
    const session = flags.session ?? (await UndoKeeper.newestSession(stateDir, workspace))
    if (!session) throw new UserError('nothing to undo: no lillycoder session has changed files in this folder')
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(session)) throw new UserError(`"${session}" is not a session id; see \`lillycoder sessions list\``)
    if (!(await UndoKeeper.hasHistory(stateDir, workspace, session))) throw new UserError(`session ${session} has changed no files in this folder; \`lillycoder sessions list\` shows this folder's sessions`)
    const keeper = new UndoKeeper({stateDir, workspace, sessionId: session, notice: () => undefined})
    const action = flags.redo ? 'redo' : 'undo'
    try {
      const step = flags.redo ? await keeper.redo(flags.force) : await keeper.undo(flags.force)
      if (!step) {
        this.log(`nothing to ${action} in session ${session}`)
        return
      }
      this.log(`${action === 'undo' ? 'undid' : 'redid'} turn ${step.turn} of session ${session}, ${step.files.length} file${step.files.length === 1 ? '' : 's'}:`)
      for (const file of step.files) this.log(`  ${file}`)
      this.log(step.remaining === 0 ? `nothing more to ${action}` : `${step.remaining} more turn${step.remaining === 1 ? '' : 's'} to ${action}`)
    } catch (error) {
      if (error instanceof SnapshotError) throw new UserError(error.message)
      throw error
    }
  }
}
