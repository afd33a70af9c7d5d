import type {AgentEvent} from '../../runtime/agent/agent-events.js'
import {formatCallLine} from './format-call.js'

/** A call that needed someone's approval and, headless, got none. */
export interface RefusedApproval {
  id: string
  name: string
  arguments: unknown
}

// The summary names this many calls, then counts the rest: it must stay one line.
const NAMED_IN_SUMMARY = 3

/**
 * Watches a headless turn for calls the policy sent to "ask" that were refused because no one could approve
 * them. Refusals by a deny rule or a hard deny are not counted: no flag or answer would have let them run.
 */
export class ApprovalRefusals {
  private readonly calls = new Map<string, {name: string; arguments: unknown}>()
  private readonly refused: RefusedApproval[] = []

  observe(event: AgentEvent): void {
    if (event.type === 'tool_call') this.calls.set(event.id, {name: event.name, arguments: event.arguments})
    else if (event.type === 'tool_result' && event.outcome === 'refused' && event.decision === 'ask')
      this.refused.push({id: event.id, name: event.name, arguments: this.calls.get(event.id)?.arguments ?? null})
  }

  list(): RefusedApproval[] {
    return [...this.refused]
  }

  /** One line for stderr, e.g. `2 calls needed approval and were refused: write_file notes.md, bash $ npm install — …`; undefined when none. */
  summary(): string | undefined {
    const count = this.refused.length
    if (count === 0) return undefined
    const named = this.refused.slice(0, NAMED_IN_SUMMARY).map((call) => formatCallLine(call.name, call.arguments, 60))
    const rest = count > NAMED_IN_SUMMARY ? ` and ${count - NAMED_IN_SUMMARY} more` : ''
    const calls = count === 1 ? '1 call needed approval and was refused' : `${count} calls needed approval and were refused`
    return `${calls}: ${named.join(', ')}${rest} — pass --bypass-permissions or add allow rules`
  }
}
