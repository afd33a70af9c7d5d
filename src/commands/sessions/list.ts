import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {formatSessionRow} from '../../cli/session/format-sessions.js'
import {currentWorkspace} from '../../cli/workspace.js'
import {xdgPaths} from '../../runtime/config/xdg-paths.js'
import {listSessions, sessionsDir} from '../../runtime/sessions/session-store.js'

interface ListedSession {
  id: string
  workspace: string
  model: string
  endpoint: string
  persona: string
  created: string
  updated: string
  messages: number
  title: string
}

export default class SessionsList extends BaseCommand {
  static override summary = "List saved sessions, newest first (this folder's; --all for every folder)"
  static override description = 'Continue one with `chat --continue` (the newest) or `chat --resume ID`.'
  static override enableJsonFlag = true
  static override flags = {all: Flags.boolean({description: 'Sessions of every folder, not only this one', default: false})}

  async run(): Promise<{sessions: ListedSession[]; problems: string[]}> {
    const {flags} = await this.parse(SessionsList)
    const workspace = await currentWorkspace()
    const {sessions, problems} = await listSessions(sessionsDir(xdgPaths().state), flags.all ? {} : {workspace})
    if (!this.jsonEnabled()) {
      if (sessions.length === 0) this.log(flags.all ? 'no saved sessions' : 'no saved sessions for this folder (--all lists every folder)')
      for (const session of sessions) this.log(formatSessionRow(session, {showWorkspace: flags.all}))
      // An unreadable file is named, not hidden: it was left as it is for the person to look at.
      for (const problem of problems) process.stderr.write(`lillycoder: ${problem}\n`)
    }
    const listed = sessions.map(({id, header, updated, messages, title}) => ({
      id,
      workspace: header.workspace,
      model: header.model,
      endpoint: header.endpoint,
      persona: header.persona,
      created: header.created,
      updated: updated.toISOString(),
      messages,
      title,
    }))
    return {sessions: listed, problems}
  }
}
