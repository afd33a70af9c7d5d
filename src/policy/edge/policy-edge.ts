import type {ReadOnlyProof} from '../call-facts.js'
import type {Reason} from '../types.js'

/** What the edge learned about one path: where it really leads, or why that could not be found out. */
export interface PathFacts {
  /** The path with symlinks resolved, when it differs from the path as named. */
  real?: string
  outsideWorkspace: boolean
  /** Why it is outside, in words (e.g. "resolves through a symbolic link to /etc/passwd"). */
  outsideReason?: string
  unresolvable?: string
}

/** What the shell parser and the hard-deny classifier made of a command line. */
export interface CommandFacts {
  simpleCommands?: string[]
  unparsable?: string
  hardDeny?: Reason
  readOnly?: ReadOnlyProof
  /** The words of a line that is one plain command: what a command grant (`a` on bash) matches. */
  plainWords?: string[]
}

/** The I/O half of a decision: confinement resolves paths, the classifier parses commands. */
export interface PolicyEdge {
  inspectPath(absolute: string, workspace: string): Promise<PathFacts>
  inspectCommand(command: string, workspace: string): Promise<CommandFacts>
}
