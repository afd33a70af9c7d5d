import {resolveInsideWorkspace} from './confine.js'
import type {CommandFacts, PathFacts, PolicyEdge} from './policy-edge.js'

/**
 * The real edge of a decision: paths resolved on disk the way the kernel will (confinement), command
 * lines parsed with tree-sitter-bash and classified (hard deny). The parser loads on the first command.
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
      const parsed = await parseShell(command)
      const verdict = classifyCommand(parsed, {cwd: workspace, home})
      if (verdict.denied) return {hardDeny: {code: 'hard-deny', message: verdict.reason}}
      return {simpleCommands: simpleCommands(parsed).map((simple) => simple.text), ...(verdict.suspicious ? {unparsable: verdict.suspicious} : {})}
    },
  }
}
