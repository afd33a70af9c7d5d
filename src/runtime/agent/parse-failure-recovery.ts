import type {AgentEvent} from './agent-events.js'

/** What the loop does after the server failed to parse the model's tool call (the partial call is never run). */
export type ParseFailureAction = 'retry' | 'prompt_mode' | 'give_up'

/**
 * A server that parses tool calls itself fails the reply when the model writes a malformed one (llama.cpp's
 * "does not match the expected … format", ollama's "error parsing tool call"). The first time in a turn the
 * request is sent again; the second time the session stops sending `tools`, so the server passes the model's text
 * through and lillycoder reads the calls from it, for the rest of the session.
 */
export class ParseFailureRecovery {
  private failuresThisTurn = 0

  startTurn(): void {
    this.failuresThisTurn = 0
  }

  /** The action for one more failure, given how tools are sent now; in prompt mode the server parses nothing. */
  next(toolMode: 'native' | 'prompt'): ParseFailureAction {
    if (toolMode !== 'native') return 'give_up'
    this.failuresThisTurn += 1
    return this.failuresThisTurn === 1 ? 'retry' : 'prompt_mode'
  }
}

/** The event that tells the person (one dim line) and `run --json` what was done. */
export function parseFailureEvent(action: 'retry' | 'prompt_mode', serverMessage: string): AgentEvent {
  const why = `the server could not parse the model's tool call (${serverMessage})`
  const message =
    action === 'retry'
      ? `${why}; the partial call was dropped and the request sent again`
      : `${why} twice this turn; for the rest of the session the tools are described in the prompt and calls are read from the model's text`
  return {type: 'tool_call_unparsed', action, message}
}
