import type {DecisionAction, PolicyEngine, PreparedCall} from '../policy/types.js'
import type {AgentEvent, ToolOutcome} from './agent-events.js'
import {parseCallArguments, validateArguments} from './call-arguments.js'
import type {ToolCall} from './messages.js'
import type {Prompter} from './prompter.js'
import {createToolContext} from './tool-context.js'
import type {Preview, ToolContext, ToolResult} from './tool-declaration.js'
import {ToolError} from './tool-error.js'
import type {ToolRegistry} from './tool-registry.js'

export interface CallResult {
  outcome: ToolOutcome
  text: string
  decision?: DecisionAction
  reason?: string
  data?: Record<string, unknown>
  /** Ctrl-C at the permission prompt: stop the whole turn. */
  cancelTurn?: boolean
}

export interface CallExecutorDeps {
  registry: ToolRegistry
  policy: PolicyEngine
  prompter: Prompter
  workspace: string
  emit(event: AgentEvent): void
}

/** One model call, start to end: find the tool, validate, ask the policy (and maybe the person), run. */
export class CallExecutor {
  constructor(private readonly deps: CallExecutorDeps) {}

  async execute(call: ToolCall, signal: AbortSignal): Promise<CallResult> {
    const registered = this.deps.registry.get(call.name)
    const parsed = parseCallArguments(call.arguments)
    this.deps.emit({type: 'tool_call', id: call.id, name: call.name, arguments: parsed.ok ? parsed.value : call.arguments})
    if (!registered)
      return {
        outcome: 'unknown-tool',
        text: `Error: there is no tool named "${call.name}". Available tools: ${this.deps.registry.names().join(', ')}.`,
      }
    const tool = registered.declaration
    const valid = parsed.ok ? validateArguments(tool.parameters, parsed.value) : parsed
    if (!valid.ok) return {outcome: 'invalid', text: `Error: invalid arguments for ${tool.name}: ${valid.message}`}

    let prepared: PreparedCall
    try {
      prepared = {tool, args: valid.value, targets: tool.targets(valid.value)}
    } catch (error) {
      return {outcome: 'error', text: `Error: ${tool.name} could not read its arguments: ${errorText(error)}`}
    }
    const decision = await this.deps.policy.decide(prepared)
    const reason = decision.reason.message
    if (decision.action === 'deny')
      return {outcome: 'refused', decision: 'deny', reason, text: `Refused: ${reason}. Do not retry this call; choose another way or ask the user.`}

    const ctx = createToolContext(this.deps.workspace, signal)
    if (decision.action === 'ask') {
      let preview: Preview | undefined
      try {
        preview = await tool.preview?.(valid.value, ctx)
      } catch (error) {
        // The call cannot work (e.g. the text to edit is not there): tell the model instead of asking the person.
        return {outcome: 'error', decision: 'ask', reason, text: `Error: ${errorText(error)}`}
      }
      const answer = await this.deps.prompter.askPermission({call: prepared, decision, preview}, signal)
      switch (answer.kind) {
        case 'cancel':
          return {outcome: 'cancelled', decision: 'ask', reason, text: 'Cancelled: the user stopped this turn.', cancelTurn: true}
        case 'unanswered':
          return {outcome: 'refused', decision: 'ask', reason: answer.reason, text: `Refused: ${answer.reason}.`}
        case 'no': {
          const why = answer.reason ? ` Their reason: ${answer.reason}` : ''
          return {outcome: 'declined', decision: 'ask', reason: 'the user declined', text: `The user declined this call.${why}`}
        }
        case 'always':
          await this.deps.policy.grant(prepared, 'tool')
          break
        case 'path':
          await this.deps.policy.grant(prepared, 'target')
          break
        case 'yes':
      }
    }
    return {...(await runTool(prepared, ctx, signal)), decision: decision.action, reason}
  }
}

export function cancelledResult(): CallResult {
  return {outcome: 'cancelled', text: 'Cancelled: the user stopped this turn before the call ran.'}
}

async function runTool(call: PreparedCall, ctx: ToolContext, signal: AbortSignal): Promise<CallResult> {
  let result: ToolResult
  try {
    result = await call.tool.run(call.args, ctx)
  } catch (error) {
    if (signal.aborted) return cancelledResult()
    const text = error instanceof ToolError ? error.message : `${call.tool.name} failed: ${errorText(error)}`
    return {outcome: 'error', text: `Error: ${text}`}
  }
  if (signal.aborted) return {outcome: 'cancelled', text: `Cancelled by the user. ${result.text}`, data: result.data}
  return {outcome: 'ok', text: result.text, data: result.data}
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
