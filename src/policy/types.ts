import type {PreparedCall} from '../runtime/tools/prepare-call.js'

export type {PreparedCall}

export type DecisionAction = 'allow' | 'ask' | 'deny'

export type ReasonCode =
  | 'hard-deny'
  | 'outside-workspace'
  | 'rule-deny'
  | 'rule-ask'
  | 'grant-tool'
  | 'grant-target'
  /** A command grant (`a` on bash): the program and subcommand of a plain command line. */
  | 'grant-command'
  | 'rule-allow'
  | 'default-read-only'
  /** A command line proven to only read inside the workspace (read-only/prove-read-only.ts). */
  | 'read-only-command'
  | 'default-mutating'
  | 'bypass'
  | 'unparsable'
  /** The engine itself failed; the call is refused (fail closed). */
  | 'policy-error'

export interface Reason {
  code: ReasonCode
  /** One line the user and the model both read. */
  message: string
  /** For a rule: its text and the file it came from. */
  rule?: {text: string; source: string}
}

export interface Decision {
  action: DecisionAction
  reason: Reason
  /** For an ask from the session engine: what answering `a` would grant (command-grant.ts), so the gate can name it. */
  onAlways?: Grant[]
}

/** `tool`: every call of the tool; `target`: that exact path or command line; `command`: a program and subcommand. */
export type GrantScope = 'tool' | 'target' | 'command'

export interface Grant {
  scope: GrantScope
  tool: string
  /** For a target grant: the resolved path or the exact command line. */
  target?: string
  /** For a command grant: the program and subcommand (`['npm', 'test']`) a plain command line must start with. */
  words?: string[]
}

/** The agent loop's port to the policy: it asks before every call and records the user's grants. */
export interface PolicyEngine {
  decide(call: PreparedCall): Promise<Decision>
  grant(call: PreparedCall, scope: GrantScope): Promise<Grant[]>
  grants(): Grant[]
  revoke(grant: Grant): boolean
}
