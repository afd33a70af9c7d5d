import {SLASH_COMMAND_NAMES} from '../slash-commands.js'
import {completeLine, type Completion} from './completion.js'
import {listWorkspaceDirectory} from './workspace-entries.js'

/** The REPL's Tab completion wired to this session: its slash commands, personas and workspace. */
export function inputCompleter(options: {workspace: string; personaNames(): Promise<readonly string[]>}): (line: string) => Promise<Completion> {
  return (line) =>
    completeLine(line, {
      slashCommands: SLASH_COMMAND_NAMES,
      personaNames: options.personaNames,
      listDirectory: (relative) => listWorkspaceDirectory(options.workspace, relative),
    })
}
