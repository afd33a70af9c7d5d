import {z} from 'zod'

import type {Decision, DecisionAction, PolicyEngine} from '../../policy/types.js'
import type {AgentEvent, ToolOutcome} from './agent-events.js'
import {parseCallArguments} from '../tools/call-arguments.js'
import {describeZodIssue, prepareCall, type PreparedCall} from '../tools/prepare-call.js'
import type {ToolCall} from '../model/messages.js'
import type {Prompter} from './prompter.js'
import {createToolContext} from './tool-context.js'
import type {Preview, ToolContext, ToolDeclaration, ToolResult} from '../tools/tool-declaration.js'
import {isRecord} from '../text/is-record.js'
import {ToolError} from '../tools/tool-error.js'
import type {ToolRegistry} from '../tools/tool-registry.js'
import {errorText} from '../text/error-text.js'
import {type HookedCall, targetText, type ToolHooks} from './hooks.js'

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
  /** The home `~` means; the same one the policy engine resolves with, so tools touch what was checked. */
  home?: string
  emit(event: AgentEvent): void
  /** before_tool / after_tool hooks from the config; they run only for calls the policy (and the person) let through. */
  hooks?: ToolHooks
  /** Awaited just before a mutating tool runs (the CLI checkpoints the workspace for /undo); must not throw. */
  beforeMutation?(call: PreparedCall): Promise<void>
}

// A plugin's tool is code we did not write: what it hands back is checked before the gate or the model see it.
const previewSchema = z.object({summary: z.string(), diff: z.string().optional(), detail: z.string().optional(), content: z.string().optional(), cwd: z.string().optional()})
const resultSchema = z.object({text: z.string(), data: z.record(z.string(), z.unknown()).optional()})

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
    const prepared = prepareCall(tool, parsed)
    if (!prepared.ok)
      return prepared.stage === 'arguments'
        ? {outcome: 'invalid', text: `Error: invalid arguments for ${tool.name}: ${prepared.message}`}
        : {outcome: 'error', text: `Error: ${prepared.message}`}
    const decision = await this.decide(prepared.call)
    const reason = decision.reason.message
    if (decision.action === 'deny')
      return {outcome: 'refused', decision: 'deny', reason, text: `Refused: ${reason}. Do not retry this call; choose another way or ask the user.`}

    const onOutput = (text: string) => this.deps.emit({type: 'tool_output', id: call.id, name: call.name, text})
    const ctx = createToolContext(this.deps.workspace, signal, this.deps.home, onOutput)
    if (decision.action === 'ask') {
      let preview: Preview | undefined
      try {
        preview = await readPreview(tool, prepared.call.args, ctx)
      } catch (error) {
        // The call cannot work (e.g. the text to edit is not there): tell the model instead of asking the person.
        return {outcome: 'error', decision: 'ask', reason, text: `Error: ${errorText(error)}`}
      }
      const answer = await this.deps.prompter.askPermission({call: prepared.call, decision, preview}, signal)
      switch (answer.kind) {
        case 'cancel':
          return {outcome: 'cancelled', decision: 'ask', reason, text: 'Cancelled: the user stopped this turn.', cancelTurn: true}
        case 'unanswered':
          // The event keeps why the policy asked (which rule or default), so a headless caller can write the allow rule.
          return {outcome: 'refused', decision: 'ask', reason: `${answer.reason} (it asks because: ${reason})`, text: `Refused: ${answer.reason}.`}
        case 'no': {
          const why = answer.reason ? ` Their reason: ${answer.reason}` : ''
          return {outcome: 'declined', decision: 'ask', reason: 'the user declined', text: `The user declined this call.${why}`}
        }
        case 'always':
          await this.deps.policy.grant(prepared.call, 'tool')
          break
        case 'path':
          await this.deps.policy.grant(prepared.call, 'target')
          break
        case 'yes':
      }
    }
    if (tool.mutates) await this.deps.beforeMutation?.(prepared.call)
    const started = () => this.deps.emit({type: 'tool_started', id: call.id, name: call.name})
    if (!this.deps.hooks) return {...(await runTool(prepared.call, ctx, signal, started)), decision: decision.action, reason}
    return this.runHooked(this.deps.hooks, prepared.call, ctx, signal, {decision: decision.action, reason}, started)
  }

  /** After the policy said yes: a before_tool hook may still block (exit 2); after_tool output joins the result. */
  private async runHooked(hooks: ToolHooks, call: PreparedCall, ctx: ToolContext, signal: AbortSignal, decided: {decision: DecisionAction; reason: string}, started: () => void): Promise<CallResult> {
    const hooked: HookedCall = {tool: call.tool.name, arguments: call.args, targets: call.targets.map(targetText), workspace: this.deps.workspace}
    const blocked = await hooks.beforeTool(hooked, signal)
    if (blocked)
      return {outcome: 'refused', ...decided, reason: `blocked by the before_tool hook ${blocked.blockedBy}`, text: `Refused by a before_tool hook: ${blocked.reason}`}
    const result: CallResult = {...(await runTool(call, ctx, signal, started)), ...decided}
    if (result.outcome === 'cancelled') return result
    const added = await hooks.afterTool(hooked, {outcome: result.outcome, text: result.text}, signal)
    return added ? {...result, text: `${result.text}\n${added}`} : result
  }

  /** A policy that throws (a bug, a broken rule file) refuses: failing closed, never allowing. */
  private async decide(call: PreparedCall): Promise<Decision> {
    try {
      return await this.deps.policy.decide(call)
    } catch (error) {
      return {action: 'deny', reason: {code: 'policy-error', message: `the policy could not decide: ${errorText(error)}`}}
    }
  }
}

export function cancelledResult(): CallResult {
  return {outcome: 'cancelled', text: 'Cancelled: the user stopped this turn before the call ran.'}
}

async function readPreview(tool: ToolDeclaration, args: Record<string, unknown>, ctx: ToolContext): Promise<Preview | undefined> {
  if (!tool.preview) return undefined
  const returned: unknown = await tool.preview(args, ctx)
  const checked = previewSchema.safeParse(returned)
  if (!checked.success) throw new Error(`tool ${tool.name} is broken: its preview() must return {summary, diff?, detail?} (${describeZodIssue(checked.error)})`)
  return checked.data
}

async function runTool(call: PreparedCall, ctx: ToolContext, signal: AbortSignal, started: () => void): Promise<CallResult> {
  let returned: unknown
  started()
  try {
    returned = await call.tool.run(call.args, ctx)
  } catch (error) {
    if (signal.aborted) return cancelledResult()
    const text = error instanceof ToolError ? error.message : `${call.tool.name} failed: ${errorText(error)}`
    return {outcome: 'error', text: `Error: ${text}`}
  }
  const checked = resultSchema.safeParse(returned)
  if (!checked.success) {
    const what = isRecord(returned) && typeof returned.text === 'string' ? 'data that is not an object' : 'no text'
    return {outcome: 'error', text: `Error: tool ${call.tool.name} returned ${what}, so whether it worked is unknown; tell the user the tool is broken`}
  }
  const result: ToolResult = checked.data
  if (signal.aborted) return {outcome: 'cancelled', text: `Cancelled by the user. ${result.text}`, data: result.data}
  return {outcome: 'ok', text: result.text, data: result.data}
}
