import {resolveInsideWorkspace} from './confine.js'
import type {CommandFacts, PathFacts, PolicyEdge} from './policy-edge.js'
import {plainCommandWords} from '../shell-parse/plain-command.js'

/**
 * The real edge of a decision: paths resolved on disk the way the kernel will (confinement), command
 * lines parsed with tree-sitter-bash, classified (hard deny) and, failing that, proven read-only or not
 * (with the files they read resolved like paths). The parser loads on the first command.
 */
export function createSystemEdge(home: string): PolicyEdge {
  return {
    async inspectPath(absolute, workspace): Promise<PathFacts> {
      const confinement = await resolveInsideWorkspace(workspace, absolute, {home})
      if (confinement.unresolvable) return {outsideWorkspace: true, unresolvable: confinement.reason}
      return {
        real: confinement.resolved,
        outsideWorkspace: !confinement.inside,
        ...(confinement.inside ? {} : {outsideReason: confinement.reason}),
      }
    },
    async inspectCommand(command, workspace): Promise<CommandFacts> {
      // One after the other: jest's VM modules cannot link two graphs that share modules concurrently (jestjs/jest#11434).
      const {parseShell, simpleCommands} = await import('./parse-shell.js')
      const {classifyCommand} = await import('../classify-command.js')
      const {proveReadOnly} = await import('../read-only/prove-read-only.js')
      const {confirmReadOnly} = await import('./confirm-read-only.js')
      const parsed = await parseShell(command)
      const verdict = classifyCommand(parsed, {cwd: workspace, home})
      if (verdict.denied) return {hardDeny: {code: 'hard-deny', message: verdict.reason}}
      const readOnly = await confirmReadOnly(proveReadOnly(parsed), workspace, home, process.env.PATH ?? '')
      return {
        simpleCommands: simpleCommands(parsed).map((simple) => simple.text),
        readOnly,
        plainWords: plainCommandWords(parsed),
        ...(verdict.suspicious ? {unparsable: verdict.suspicious} : {}),
      }
    },
  }
}
