import {z} from 'zod'

import type {Decision, DecisionAction, PolicyEngine, PreparedCall} from '../policy/types.js'
import type {AgentEvent, ToolOutcome} from './agent-events.js'
import {parseCallArguments, validateArguments} from './call-arguments.js'
import type {ToolCall} from './messages.js'
import type {Prompter} from './prompter.js'
import {createToolContext} from './tool-context.js'
import type {Preview, Target, ToolContext, ToolDeclaration, ToolResult} from './tool-declaration.js'
import {isRecord} from './is-record.js'
import {ToolError} from './tool-error.js'
import type {ToolRegistry} from './tool-registry.js'
import {errorText} from './error-text.js'

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
}

// A plugin's tool is code we did not write: what it hands back is checked before the policy, the gate or the model see it.
const targetSchema = z.discriminatedUnion('kind', [
  z.object({kind: z.literal('path'), path: z.string()}),
  z.object({kind: z.literal('command'), command: z.string()}),
  z.object({kind: z.literal('package'), name: z.string(), manager: z.string().optional()}),
  z.object({kind: z.literal('value'), value: z.string()}),
])
const targetsSchema = z.array(targetSchema)
const previewSchema = z.object({summary: z.string(), diff: z.string().optional(), detail: z.string().optional()})
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
    const valid = parsed.ok ? validateArguments(tool.parameters, parsed.value) : parsed
    if (!valid.ok) return {outcome: 'invalid', text: `Error: invalid arguments for ${tool.name}: ${valid.message}`}

    const targets = readTargets(tool, valid.value)
    if (!targets.ok) return {outcome: 'error', text: `Error: ${targets.problem}`}
    const prepared: PreparedCall = {tool, args: valid.value, targets: targets.value}
    const decision = await this.decide(prepared)
    const reason = decision.reason.message
    if (decision.action === 'deny')
      return {outcome: 'refused', decision: 'deny', reason, text: `Refused: ${reason}. Do not retry this call; choose another way or ask the user.`}

    const ctx = createToolContext(this.deps.workspace, signal, this.deps.home)
    if (decision.action === 'ask') {
      let preview: Preview | undefined
      try {
        preview = await readPreview(tool, valid.value, ctx)
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

type Checked<T> = {ok: true; value: T} | {ok: false; problem: string}

/** The call's targets, checked: a plugin's targets() may throw or return something that is not Target[]. */
function readTargets(tool: ToolDeclaration, args: Record<string, unknown>): Checked<Target[]> {
  let returned: unknown
  try {
    returned = tool.targets(args)
  } catch (error) {
    return {ok: false, problem: `${tool.name} could not read its arguments: ${errorText(error)}`}
  }
  const checked = targetsSchema.safeParse(returned)
  if (checked.success) return {ok: true, value: checked.data}
  return {ok: false, problem: `tool ${tool.name} is broken: its targets() must return a list of targets (${describeIssue(checked.error)}); tell the user`}
}

async function readPreview(tool: ToolDeclaration, args: Record<string, unknown>, ctx: ToolContext): Promise<Preview | undefined> {
  if (!tool.preview) return undefined
  const returned: unknown = await tool.preview(args, ctx)
  const checked = previewSchema.safeParse(returned)
  if (!checked.success) throw new Error(`tool ${tool.name} is broken: its preview() must return {summary, diff?, detail?} (${describeIssue(checked.error)})`)
  return checked.data
}

async function runTool(call: PreparedCall, ctx: ToolContext, signal: AbortSignal): Promise<CallResult> {
  let returned: unknown
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

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'wrong shape'
  return issue.path.length > 0 ? `at ${issue.path.join('.')}: ${issue.message}` : issue.message
}

