import type {PolicyEngine} from '../../policy/types.js'
import type {AgentEvent, TurnOutcome} from './agent-events.js'
import {CallExecutor, type CallResult, cancelledResult} from './call-executor.js'
import {mechanicalSummary, planCompaction, shrinkToolResults, summarize} from '../context/compaction.js'
import {type ContextBudget, contextSizeFromError, formatTokenCount, messageChars} from '../context/context-budget.js'
import {elideMiddle} from '../text/elide-middle.js'
import type {ChatMessage, ToolCall} from '../model/messages.js'
import type {ModelClient, ModelReply} from '../model/model-client.js'
import {ModelError} from '../model/model-error.js'
import type {Prompter} from './prompter.js'
import type {SavedConversation, SessionRecorder} from './session-recorder.js'
import type {PreparedCall} from '../tools/prepare-call.js'
import {announcesAction} from './announced-action.js'
import {History} from './history.js'
import {classifyServerError, readServerError, type ServerErrorClass} from '../model/server-error.js'
import {TextCallGate} from '../model/text-calls/text-call-gate.js'
import type {ToolRegistry} from '../tools/tool-registry.js'
import {errorText} from '../text/error-text.js'
import type {ToolHooks} from './hooks.js'
import {ParseFailureRecovery, parseFailureEvent} from './parse-failure-recovery.js'

import {type RequestShape, type ToolMode, ToolPresentation} from './tool-presentation.js'

export type {ToolMode} from './tool-presentation.js'

export interface AgentDeps {
  model: ModelClient
  modelName: string
  registry: ToolRegistry
  policy: PolicyEngine
  prompter: Prompter
  workspace: string
  /** The home `~` means (default $HOME); pass the policy engine's, so tools and policy agree. */
  home?: string
  /** Model requests per user turn before the turn is stopped. */
  maxSteps: number
  budget: ContextBudget
  /** Start in prompt mode when the server is known to refuse tools. */
  toolMode?: ToolMode
  /** When a reply announces work and makes no call, ask once per turn for the call (default true). */
  nudge?: boolean
  emit(event: AgentEvent): void
  /** before_tool / after_tool hooks (the call executor runs them). */
  hooks?: ToolHooks
  /** Awaited before a mutating tool runs (the CLI checkpoints the workspace for /undo); must not throw. */
  beforeMutation?(call: PreparedCall): Promise<void>
}

/** A user message that cannot fit the context even alone: its estimated size, and the context's. */
export interface Oversize {
  tokens: number
  context: number
}

type Stop = Omit<TurnOutcome, 'steps'>

/** What a compaction did: changed the history, found nothing to change, or was stopped by Ctrl-C (history as it was). */
export type CompactResult = 'compacted' | 'unchanged' | 'cancelled'

/** Sent when a reply announces work and stops: short, and leaves the model a way out. */
export const NUDGE_TEXT = 'Go ahead: make the tool call now, or say what you need from me.'

// After this many identical failing calls in one turn the model is told to change approach; one more ends the turn.
const REPEATED_FAILURE_LIMIT = 3

/** One conversation: the history and the loop that runs a user turn to its end. */
export class AgentSession {
  private readonly history = new History()
  private readonly tools: ToolPresentation
  private summary?: string
  private lastPromptTokens = 0
  private readonly executor: CallExecutor
  private recorder?: SessionRecorder
  private readonly parseRecovery = new ParseFailureRecovery()

  constructor(
    private readonly deps: AgentDeps,
    private systemPrompt: string,
  ) {
    this.tools = new ToolPresentation(deps.registry, deps.toolMode ?? 'native')
    this.executor = new CallExecutor(deps)
    this.clear()
  }

  /** The conversation, system prompt first. */
  get messages(): readonly ChatMessage[] {
    return this.history.messages
  }

  /**
   * Whether this text, as the next user message, could fit the context at all (with the system prompt, the tools
   * and room for a reply): compacting the rest of the conversation cannot make room for it. Undefined when it fits.
   */
  oversize(userText: string): Oversize | undefined {
    const {budget} = this.deps
    const system = this.history.messages[0]
    const chars = (system ? messageChars(system) : 0) + this.tools.chars() + messageChars({role: 'user', content: userText})
    const tokens = budget.estimateChars(chars)
    if (tokens + budget.replyReserve() <= budget.contextTokens) return undefined
    return {tokens: budget.estimateChars(messageChars({role: 'user', content: userText})), context: budget.contextTokens}
  }

  /** Prompt tokens of the last request (the server's count when it gave one), and the share of the context. */
  contextUsage(): {tokens: number; fraction: number; context: number} {
    const tokens = this.lastPromptTokens || this.estimatePrompt()
    return {tokens, fraction: this.deps.budget.fraction(tokens), context: this.deps.budget.contextTokens}
  }

  /** From now on every change to the history is told to `recorder` (undefined stops recording). */
  recordTo(recorder: SessionRecorder | undefined): void {
    this.recorder = recorder
    this.history.recorder = recorder
  }

  /** Continues a saved conversation: the model sees the same messages (and summary) it saw before. Not recorded again. */
  restore(saved: SavedConversation): void {
    this.summary = saved.summary
    this.history.reset([{role: 'system', content: this.systemWithSummary()}, ...saved.messages])
    this.lastPromptTokens = 0
  }

  clear(): void {
    this.summary = undefined
    this.replaceMessages([])
  }

  /** A new system prompt (another persona): the conversation and any summary stay; the next request carries it. */
  replaceSystemPrompt(prompt: string): void {
    this.systemPrompt = prompt
    // Not recorded as a reset: the saved file holds what follows the system prompt, which did not change; the
    // persona switch records its own small line.
    this.history.reset([{role: 'system', content: this.systemWithSummary()}, ...this.history.messages.slice(1)])
    this.lastPromptTokens = 0
    this.deps.budget.forgetCount()
  }

  /**
   * Something the person did between turns (a `!command` and its output), as a user message: recorded like any
   * message, and read by the model with the next one (a following user message is merged into it).
   */
  addNote(text: string): void {
    this.pushUser(text)
  }

  /** Sends the user's text, runs the tool calls the model makes, and returns when it answers or stops. */
  async runTurn(userText: string, signal: AbortSignal): Promise<TurnOutcome> {
    const oversize = this.oversize(userText)
    if (oversize) {
      // Nothing is sent or compacted: summarising the rest could never make room for it.
      const message = `this message is ~${formatTokenCount(oversize.tokens)} tokens; the model's context is ${formatTokenCount(oversize.context)}, so it was not sent: send less of it, or save it in a file in the workspace and ask the model to read the part it needs`
      this.deps.emit({type: 'error', message})
      return {status: 'too_large', text: '', steps: 0, error: message}
    }
    this.pushUser(userText)
    this.parseRecovery.startTurn()
    const failures = new Map<string, number>()
    let nudged = false
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
      this.history.append({role: 'assistant', content: reply.content, ...(reply.toolCalls.length > 0 ? {toolCalls: reply.toolCalls} : {})})
      if (reply.toolCalls.length === 0) {
        if (nudged || !this.shouldNudge(reply.content)) return {status: 'answered', text: reply.content, steps: step}
        nudged = true
        this.deps.emit({type: 'nudge', message: NUDGE_TEXT})
        this.history.append({role: 'user', content: NUDGE_TEXT})
        continue
      }

      let stop: TurnOutcome | undefined
      // Estimated once per step and kept up to date by hand: in prompt mode an estimate rewrites the whole history.
      let promptTokens = this.estimatePrompt()
      for (const call of reply.toolCalls) {
        const result = stop || signal.aborted ? cancelledResult() : await this.executor.execute(call, signal)
        const repeats = result.outcome === 'ok' || result.outcome === 'cancelled' ? 0 : countFailure(failures, call)
        if (repeats === REPEATED_FAILURE_LIMIT)
          result.text += `\nYou have made this same failing call ${repeats} times. Change approach: read the error, check the file or arguments, or ask the user.`
        if (repeats > REPEATED_FAILURE_LIMIT && !stop) {
          const message = `stopped: the model repeated the same failing ${call.name} call ${repeats} times`
          this.deps.emit({type: 'notice', message})
          stop = {status: 'error', text: lastText, steps: step, error: message}
        }
        promptTokens += this.recordResult(call, result, promptTokens)
        if (result.cancelTurn && !stop) stop = {status: 'cancelled', text: lastText, steps: step}
      }
      if (stop) return stop
      if (signal.aborted) return {status: 'cancelled', text: lastText, steps: step}
    }
  }

  /**
   * Summarises older turns into the system prompt; `/compact` and the automatic trigger both land here.
   * Ctrl-C while the model summarises leaves the history as it was and reports 'cancelled'; it never throws for it.
   */
  async compact(signal: AbortSignal, why: string, options: {onlyLatestTurn?: boolean} = {}): Promise<CompactResult> {
    const {budget} = this.deps
    const before = this.estimatePrompt()
    const plan = planCompaction(this.messages, budget, options)
    if (!plan) {
      const shrunk = shrinkToolResults(this.messages.slice(1))
      const changed = shrunk.some((message, index) => message !== this.messages[index + 1])
      if (!changed) return 'unchanged'
      this.replaceMessages(shrunk)
      this.noticeCompaction(why, 'cut down older tool results in this turn', before)
      return 'compacted'
    }
    let summary: string
    let how = 'summarised'
    try {
      summary = await summarize({model: this.deps.model, modelName: this.deps.modelName, budget, previousSummary: this.summary, older: plan.older, signal})
    } catch (error) {
      if (signal.aborted) return 'cancelled'
      // Any other failure (the server, an empty summary): a summary made without the model keeps the thread.
      summary = mechanicalSummary(this.summary, plan.older)
      how = `listed (the model could not summarise: ${describeFailure(error)})`
    }
    this.summary = summary
    this.replaceMessages(plan.kept)
    this.noticeCompaction(why, `${how} ${plan.older.length} earlier messages`, before)
    return 'compacted'
  }

  private async requestReply(signal: AbortSignal): Promise<ModelReply | Stop> {
    let retriedAfterOverflow = false
    for (;;) {
      const {budget} = this.deps
      let shape = this.tools.shape(this.messages)
      let promptTokens = this.estimateShape(shape)
      if (budget.shouldCompact(promptTokens)) {
        const compacted = await this.compact(signal, `the conversation is near the ${formatTokenCount(budget.contextTokens)} context`)
        if (compacted === 'cancelled') return this.failTurn('', {status: 'cancelled', text: ''})
        if (compacted === 'compacted') {
          shape = this.tools.shape(this.messages)
          promptTokens = this.estimateShape(shape)
        }
      }
      const {messages, tools} = shape
      const gate = new TextCallGate()
      let partial = ''
      try {
        const reply = await this.deps.model.complete(
          {model: this.deps.modelName, messages, tools, signal, maxTokens: budget.maxTokensFor(promptTokens)},
          (event) => {
            if (event.type === 'reasoning') return this.deps.emit({type: 'reasoning', text: event.text})
            if (event.type !== 'text') return
            partial += event.text
            const shown = gate.push(event.text)
            if (shown) this.deps.emit({type: 'text', text: shown})
          },
        )
        if (reply.usage) budget.calibrate(promptTokens, reply.usage.promptTokens)
        this.lastPromptTokens = reply.usage?.promptTokens ?? promptTokens
        const withCalls = this.tools.readTextCalls(reply)
        const rest = gate.finish(withCalls.content)
        if (rest) this.deps.emit({type: 'text', text: rest})
        return withCalls
      } catch (error) {
        if (signal.aborted || (error instanceof ModelError && error.kind === 'aborted')) return this.failTurn(partial, {status: 'cancelled', text: partial})
        const server = error instanceof ModelError ? classifyModelError(error) : undefined
        if (server?.kind === 'tools-unsupported' && this.tools.mode === 'native' && partial === '') {
          this.tools.mode = 'prompt'
          const message = error instanceof ModelError ? (error.serverMessage ?? error.message) : ''
          this.deps.emit({type: 'notice', message: `the server refused the tools field (${message}).${server.hint ? ` Fix: ${server.hint}.` : ''} Continuing with the tools described in the prompt.`})
          continue
        }
        if (server?.kind === 'tool-call-parse-failed' && server.toolCallText) {
          const recovered = this.tools.callsIn(server.toolCallText)
          if (recovered.calls.length > 0) return {content: partial.trim(), reasoning: '', toolCalls: recovered.calls, finishReason: 'tool_calls'}
        }
        if (server?.kind === 'tool-call-parse-failed') {
          const action = this.parseRecovery.next(this.tools.mode)
          if (action !== 'give_up') {
            if (action === 'prompt_mode') this.tools.mode = 'prompt'
            this.deps.emit(parseFailureEvent(action, error instanceof ModelError ? (error.serverMessage ?? error.message) : ''))
            continue
          }
        }
        if (server?.kind === 'context-exceeded' && partial === '') {
          if (error instanceof ModelError) budget.learnContextSize(contextSizeFromError(`${error.rawBody ?? ''} ${error.serverMessage ?? ''}`))
          // Our estimate was wrong, so keep only the latest turn this time.
          if (!retriedAfterOverflow) {
            const compacted = await this.compact(signal, 'the server said the context is full', {onlyLatestTurn: true})
            if (compacted === 'cancelled') return this.failTurn(partial, {status: 'cancelled', text: partial})
            if (compacted === 'compacted') {
              retriedAfterOverflow = true
              continue
            }
          }
          const message = `the conversation does not fit the model's context (${formatTokenCount(budget.contextTokens)}) even after compacting: /clear to start over, or give the server a larger context (llama-server -c, ollama num_ctx) and pass --context`
          this.deps.emit({type: 'error', message})
          return this.failTurn(partial, {status: 'error', text: partial, error: message})
        }
        const message = error instanceof ModelError ? error.describe() : `model request failed: ${String(error)}`
        this.deps.emit({type: 'error', message})
        return this.failTurn(partial, {status: 'error', text: partial, error: message})
      }
    }
  }

  private failTurn(partial: string, stop: Stop): Stop {
    // Keep user/assistant alternating (some chat templates refuse otherwise) and keep what was said.
    this.history.append({role: 'assistant', content: partial || '(no reply)'})
    return stop
  }

  /** Adds the result, cut to what the context has room for; returns the tokens it adds (estimated). */
  private recordResult(call: ToolCall, result: CallResult, promptTokens: number): number {
    const {budget} = this.deps
    const text = elideMiddle(result.text, budget.resultCharLimit(promptTokens))
    this.history.append({role: 'tool', toolCallId: call.id, name: call.name, content: text})
    const {outcome, decision, reason, data} = result
    this.deps.emit({type: 'tool_result', id: call.id, name: call.name, outcome, decision, reason, text, data})
    return budget.estimateText(text)
  }

  /** A new history after the system prompt (with the summary, if any); the server's last token count no longer applies. */
  private replaceMessages(afterSystem: readonly ChatMessage[]): void {
    this.history.reset([{role: 'system', content: this.systemWithSummary()}, ...afterSystem])
    this.lastPromptTokens = 0
    this.recorder?.reset(afterSystem, this.summary)
    this.deps.budget.forgetCount()
  }

  private estimatePrompt(): number {
    return this.estimateShape(this.tools.shape(this.messages))
  }

  /** Native mode reads the running total (no pass over the history); prompt mode has rewritten messages to count. */
  private estimateShape(shape: RequestShape): number {
    if (shape.messages === this.messages) return this.deps.budget.estimateChars(this.history.totalChars + this.tools.chars())
    return this.deps.budget.estimatePrompt(shape.messages, shape.tools)
  }

  /** A reply that announces work on the workspace but made no call, when tools exist and nudging is on. */
  private shouldNudge(reply: string): boolean {
    return this.deps.nudge !== false && this.deps.registry.names().length > 0 && announcesAction(reply)
  }

  private systemWithSummary(): string {
    return this.summary ? `${this.systemPrompt}\n\n## Earlier in this session (summary)\n${this.summary}` : this.systemPrompt
  }

  private noticeCompaction(why: string, what: string, before: number): void {
    const {budget} = this.deps
    const percent = (tokens: number) => `${Math.round(budget.fraction(tokens) * 100)}%`
    this.deps.emit({type: 'notice', message: `compacted: ${why}; ${what} (context ${percent(before)} → ${percent(this.estimatePrompt())})`})
  }

  private pushUser(text: string): void {
    const last = this.history.last
    // Two user messages in a row (after a failed request) are merged: some chat templates require alternation.
    if (last?.role === 'user') this.history.replaceLast({role: 'user', content: `${last.content}\n\n${text}`})
    else this.history.append({role: 'user', content: text})
  }
}

function classifyModelError(error: ModelError): ServerErrorClass | undefined {
  const body = (error.rawBody && readServerError(error.rawBody)) || (error.serverMessage ? {message: error.serverMessage} : undefined)
  return body ? classifyServerError(body) : undefined
}

function describeFailure(error: unknown): string {
  if (error instanceof ModelError) return error.describe()
  return errorText(error)
}

function countFailure(failures: Map<string, number>, call: ToolCall): number {
  const key = `${call.name}\u0000${call.arguments}`
  const count = (failures.get(key) ?? 0) + 1
  failures.set(key, count)
  return count
}
