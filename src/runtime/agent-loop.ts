import type {PolicyEngine, PreparedCall} from '../policy/types.js'
import type {AgentEvent, ToolOutcome, TurnOutcome} from './agent-events.js'
import {parseCallArguments, validateArguments} from './call-arguments.js'
import type {ChatMessage, ToolCall} from './messages.js'
import type {ModelClient, ModelReply} from './model-client.js'
import {ModelError} from './model-error.js'
import type {Prompter} from './prompter.js'
import {createToolContext} from './tool-context.js'
import type {Preview, ToolResult} from './tool-declaration.js'
import {ToolError} from './tool-error.js'
import type {ToolRegistry} from './tool-registry.js'

export interface AgentDeps {
  model: ModelClient
  modelName: string
  registry: ToolRegistry
  policy: PolicyEngine
  prompter: Prompter
  workspace: string
  /** Model requests per user turn before the turn is stopped. */
  maxSteps: number
  maxTokens?: number
  /** Tool results longer than this are cut in the middle before they reach the model. */
  maxResultChars: number
  emit(event: AgentEvent): void
}

interface CallResult {
  outcome: ToolOutcome
  text: string
  decision?: 'allow' | 'ask' | 'deny'
  reason?: string
  data?: Record<string, unknown>
  /** Ctrl-C at the permission prompt: stop the whole turn. */
  cancelTurn?: boolean
}

// After this many identical failing calls in one turn the model is told to change approach; one more ends the turn.
const REPEATED_FAILURE_LIMIT = 3

/** One conversation: the history and the loop that runs a user turn to its end. */
export class AgentSession {
  readonly messages: ChatMessage[] = []

  constructor(
    private readonly deps: AgentDeps,
    private readonly systemPrompt: string,
  ) {
    this.clear()
  }

  clear(): void {
    this.messages.splice(0, this.messages.length, {role: 'system', content: this.systemPrompt})
  }

  /** Sends the user's text, runs the tool calls the model makes, and returns when it answers or stops. */
  async runTurn(userText: string, signal: AbortSignal): Promise<TurnOutcome> {
    this.pushUser(userText)
    const failures = new Map<string, number>()
    let lastText = ''
    for (let step = 1; ; step++) {
      if (step > this.deps.maxSteps) {
        const message = `stopped after ${this.deps.maxSteps} steps without a final answer (raise it with --max-steps)`
        this.deps.emit({type: 'notice', message})
        return {status: 'step_limit', text: lastText, steps: step - 1, error: message}
      }
      this.deps.emit({type: 'step', step})
      const reply = await this.requestReply(signal)
      if ('status' in reply) return {...reply, steps: step}
      lastText = reply.content
      this.deps.emit({type: 'message', text: reply.content, reasoning: reply.reasoning})
      this.messages.push({
        role: 'assistant',
        content: reply.content,
        ...(reply.toolCalls.length > 0 ? {toolCalls: reply.toolCalls} : {}),
      })
      if (reply.toolCalls.length === 0) return {status: 'answered', text: reply.content, steps: step}

      let stop: TurnOutcome | undefined
      for (const call of reply.toolCalls) {
        const result = stop || signal.aborted ? cancelledResult() : await this.executeCall(call, signal)
        const repeats = result.outcome === 'ok' || result.outcome === 'cancelled' ? 0 : countFailure(failures, call)
        if (repeats === REPEATED_FAILURE_LIMIT)
          result.text += `\nYou have made this same failing call ${repeats} times. Change approach: read the error, check the file or arguments, or ask the user.`
        if (repeats > REPEATED_FAILURE_LIMIT && !stop)
          stop = this.stopTurn(`stopped: the model repeated the same failing ${call.name} call ${repeats} times`, lastText, step)
        this.recordResult(call, result)
        if (result.cancelTurn && !stop) stop = {status: 'cancelled', text: lastText, steps: step}
      }
      if (stop) return stop
      if (signal.aborted) return {status: 'cancelled', text: lastText, steps: step}
    }
  }

  private async requestReply(signal: AbortSignal): Promise<ModelReply | Omit<TurnOutcome, 'steps'>> {
    let partial = ''
    try {
      return await this.deps.model.complete(
        {
          model: this.deps.modelName,
          messages: this.messages,
          tools: this.deps.registry.schemas(),
          signal,
          maxTokens: this.deps.maxTokens,
        },
        (event) => {
          if (event.type === 'text') {
            partial += event.text
            this.deps.emit({type: 'text', text: event.text})
          } else if (event.type === 'reasoning') this.deps.emit({type: 'reasoning', text: event.text})
        },
      )
    } catch (error) {
      // Keep user/assistant alternating (some chat templates refuse otherwise) and keep what was said.
      this.messages.push({role: 'assistant', content: partial || '(no reply)'})
      if (signal.aborted || (error instanceof ModelError && error.kind === 'aborted'))
        return {status: 'cancelled', text: partial}
      const message = error instanceof ModelError ? error.describe() : `model request failed: ${String(error)}`
      this.deps.emit({type: 'error', message})
      return {status: 'error', text: partial, error: message}
    }
  }

  private async executeCall(call: ToolCall, signal: AbortSignal): Promise<CallResult> {
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
      if (answer.kind === 'cancel')
        return {outcome: 'cancelled', decision: 'ask', reason, text: 'Cancelled: the user stopped this turn.', cancelTurn: true}
      if (answer.kind === 'unanswered')
        return {outcome: 'refused', decision: 'ask', reason: answer.reason, text: `Refused: ${answer.reason}.`}
      if (answer.kind === 'no') {
        const why = answer.reason ? ` Their reason: ${answer.reason}` : ''
        return {outcome: 'declined', decision: 'ask', reason: 'the user declined', text: `The user declined this call.${why}`}
      }
      if (answer.kind === 'always') await this.deps.policy.grant(prepared, 'tool')
      if (answer.kind === 'path') await this.deps.policy.grant(prepared, 'target')
    }
    return {...(await this.runTool(prepared, ctx, signal)), decision: decision.action, reason}
  }

  private async runTool(call: PreparedCall, ctx: ReturnType<typeof createToolContext>, signal: AbortSignal): Promise<CallResult> {
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

  private recordResult(call: ToolCall, result: CallResult): void {
    const text = capMiddle(result.text, this.deps.maxResultChars)
    this.messages.push({role: 'tool', toolCallId: call.id, name: call.name, content: text})
    this.deps.emit({
      type: 'tool_result',
      id: call.id,
      name: call.name,
      outcome: result.outcome,
      decision: result.decision,
      reason: result.reason,
      text,
      data: result.data,
    })
  }

  private stopTurn(message: string, text: string, steps: number): TurnOutcome {
    this.deps.emit({type: 'notice', message})
    return {status: 'error', text, steps, error: message}
  }

  private pushUser(text: string): void {
    const last = this.messages.at(-1)
    // Two user messages in a row (after a failed request) are merged: some chat templates require alternation.
    if (last?.role === 'user') last.content += `\n\n${text}`
    else this.messages.push({role: 'user', content: text})
  }
}

function cancelledResult(): CallResult {
  return {outcome: 'cancelled', text: 'Cancelled: the user stopped this turn before the call ran.'}
}

function countFailure(failures: Map<string, number>, call: ToolCall): number {
  const key = `${call.name}\u0000${call.arguments}`
  const count = (failures.get(key) ?? 0) + 1
  failures.set(key, count)
  return count
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function capMiddle(text: string, max: number): string {
  if (text.length <= max) return text
  const keep = Math.floor((max - 80) / 2)
  return `${text.slice(0, keep)}\n… [${text.length - 2 * keep} characters cut] …\n${text.slice(-keep)}`
}
