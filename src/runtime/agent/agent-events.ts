import type {DecisionAction} from '../../policy/types.js'

/** How a tool call ended, as the model and the person see it. */
export type ToolOutcome = 'ok' | 'error' | 'invalid' | 'unknown-tool' | 'refused' | 'declined' | 'cancelled'

/** What the agent loop reports while a turn runs; the terminal renders these, `run --json` prints them. */
export type AgentEvent =
  | {type: 'step'; step: number}
  | {type: 'text'; text: string}
  | {type: 'reasoning'; text: string}
  /** A reply finished; `text` is its whole visible text. */
  | {type: 'message'; text: string; reasoning: string}
  | {type: 'tool_call'; id: string; name: string; arguments: unknown}
  /** The call passed the gate and its tool is running now (a live view starts its clock here). */
  | {type: 'tool_started'; id: string; name: string}
  /** Output a running tool produced (a command's stdout and stderr as they come); for display only. */
  | {type: 'tool_output'; id: string; name: string; text: string}
  | {
      type: 'tool_result'
      id: string
      name: string
      outcome: ToolOutcome
      /** What the policy decided, when the call got that far. */
      decision?: DecisionAction
      reason?: string
      text: string
      data?: Record<string, unknown>
    }
  | {type: 'notice'; message: string}
  /** The reply announced work and made no call: `message` was sent to the model as the user, once this turn. */
  | {type: 'nudge'; message: string}
  | {type: 'error'; message: string}
  /** The server could not parse the model's tool call: asked again (`retry`), or switched to tools in the prompt. */
  | {type: 'tool_call_unparsed'; action: 'retry' | 'prompt_mode'; message: string}

/** `too_large`: the user's message alone cannot fit the context; nothing was sent and the history is unchanged. */
export type TurnStatus = 'answered' | 'step_limit' | 'cancelled' | 'error' | 'too_large'

export interface TurnOutcome {
  status: TurnStatus
  /** The last reply's visible text. */
  text: string
  steps: number
  /** One line, for status 'error'. */
  error?: string
}
