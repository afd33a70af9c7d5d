import type {PolicyEngine} from '../../policy/types.js'
import type {AgentSession} from '../../runtime/agent/agent-loop.js'
import {type ContextBudget, formatTokenCount} from '../../runtime/context/context-budget.js'
import type {ToolRegistry} from '../../runtime/tools/tool-registry.js'
import type {Colors} from './colors.js'
import {parseMaxTokens} from '../parse-max-tokens.js'
import type {TranscriptRenderer} from './transcript-renderer.js'
import type {PersonaCommands} from './persona-commands.js'
import {INIT_REQUEST} from './init-request.js'
import type {McpServers} from '../../runtime/mcp/mcp-servers.js'
import {mcpCommand} from './mcp-view.js'
import type {SessionCommands} from './session-commands.js'
import {slashHelp, unknownCommandLine} from './slash-commands.js'
import {modelCommand, type ModelSwitch} from './model-command.js'
import {grantLine, grantNote} from './gate/grant-view.js'

export interface ChatControllerOptions {
  session: AgentSession
  renderer: TranscriptRenderer
  registry: ToolRegistry
  policy: PolicyEngine
  budget: ContextBudget
  out: NodeJS.WriteStream
  colors: Colors
  /** `/persona …`; absent, the command says personas cannot be changed here. */
  personas?: PersonaCommands
  /** The session's MCP servers, for /mcp. */
  mcp?: McpServers
  /** /sessions, /resume, /undo, /redo, /diff. */
  sessionCommands?: SessionCommands
  /** Awaited after each turn (starts recording what the turn changed, for /undo). */
  afterTurn?(): Promise<void>
  /** /model: the server's models and the id the next request carries. */
  models?: ModelSwitch
  /** The line after each reply (model, context, tokens/s, session); default: the context line alone. */
  statusLine?(): string
  /** `!command` and `@path` (UserInput.prepare): the text to send, or undefined when nothing is to be sent. */
  prepareInput?(text: string, signal: AbortSignal): Promise<string | undefined>
}

/** What the REPL does with each input: a slash command, or a turn of the conversation. */
export class ChatController {
  constructor(private readonly options: ChatControllerOptions) {}

  readonly handle = async (text: string, signal: AbortSignal): Promise<'exit' | void> => {
    const trimmed = text.trim()
    if (trimmed.startsWith('/') && !trimmed.includes('\n')) return this.command(trimmed, signal)
    const prepared = this.options.prepareInput ? await this.options.prepareInput(text, signal) : text
    if (prepared === undefined) return
    const outcome = await this.options.session.runTurn(prepared, signal)
    await this.options.afterTurn?.()
    this.options.renderer.finish(outcome)
    this.options.out.write(`${this.options.colors.dim(this.options.statusLine?.() ?? contextLine(this.options.session))}\n`)
  }

  private async command(line: string, signal: AbortSignal): Promise<'exit' | void> {
    const [name, ...args] = line.split(/\s+/)
    const {out, colors} = this.options
    switch (name) {
      case '/exit':
      case '/quit':
        return 'exit'
      case '/help':
        out.write(`${slashHelp()}\n`)
        return
      case '/tools':
        for (const {declaration, source} of this.options.registry.list()) {
          const granted = grantNote(declaration.name, this.options.policy.grants())
          out.write(`${colors.bold(declaration.name.padEnd(16))} ${declaration.mutates ? colors.yellow('asks') : colors.dim('reads')}${granted ? ` ${colors.dim('·')} ${colors.green(granted)}` : ''}  ${colors.dim(source)}\n`)
        }
        return
      case '/compact': {
        // Asked for, it summarises every exchange before the latest, which stays word for word so "yes, do that" still means something.
        const result = await this.options.session.compact(signal, 'you asked', {onlyLatestTurn: true})
        if (result === 'unchanged') out.write(`${colors.dim('nothing to compact yet: there is no exchange before the latest one')}\n`)
        if (result === 'cancelled') out.write(`${colors.dim('compaction cancelled; the conversation is as it was')}\n`)
        out.write(`${colors.dim(contextLine(this.options.session))}\n`)
        return
      }
      case '/max-tokens':
        this.maxTokens(args[0])
        return
      case '/clear':
        this.options.session.clear()
        out.write(`${colors.dim('conversation cleared')}\n`)
        return
      case '/permissions':
        this.permissions(args)
        return
      case '/thoughts':
        if (args[0] === 'on' || args[0] === 'off') this.options.renderer.showThoughts = args[0] === 'on'
        out.write(`${colors.dim(`thoughts are ${this.options.renderer.showThoughts ? 'shown' : 'hidden'}`)}\n`)
        return
      case '/persona':
        if (this.options.personas) await this.options.personas.handle(args)
        else out.write(`${colors.yellow('personas cannot be changed in this session')}\n`)
        return
      case '/init':
        return this.handle(INIT_REQUEST, signal)
      case '/mcp':
        await mcpCommand(this.options.mcp, args, out, colors)
        return
      case '/sessions':
      case '/resume':
      case '/undo':
      case '/redo':
      case '/diff':
        if (await this.options.sessionCommands?.handle(name, args)) return
        out.write(`${colors.yellow(`${name} is not available here`)}\n`)
        return
      case '/model':
        await modelCommand(this.options.models, args, out, colors, signal)
        return
      case '/last':
        out.write(`${this.options.renderer.last.report(colors)}\n`)
        return
      default:
        out.write(`${colors.yellow(unknownCommandLine(name))}\n`)
    }
  }

  private maxTokens(value: string | undefined): void {
    const {out, colors, budget} = this.options
    if (value !== undefined) {
      try {
        budget.maxTokens = parseMaxTokens(value, '/max-tokens')
      } catch (error) {
        out.write(`${colors.yellow((error as Error).message)}\n`)
        return
      }
    }
    out.write(`${colors.dim(`max tokens per reply: ${budget.maxTokens}`)}\n`)
  }

  private permissions(args: string[]): void {
    const {out, colors, policy} = this.options
    const grants = policy.grants()
    if (args[0] === 'revoke') {
      const index = Number(args[1]) - 1
      const grant = grants[index]
      if (!grant) out.write(`${colors.yellow(`no grant number ${args[1] ?? ''}`.trim())}; /permissions lists them\n`)
      else if (policy.revoke(grant)) out.write(`revoked: ${grantLine(grant)}\n`)
      return
    }
    if (grants.length === 0) {
      out.write(`${colors.dim('no grants in this session; answering a or p at a prompt adds one')}\n`)
      return
    }
    grants.forEach((grant, index) => out.write(`  ${index + 1}. ${grantLine(grant)}\n`))
    out.write(`${colors.dim('/permissions revoke N drops one; all end when you exit')}\n`)
  }
}

/** e.g. `context: 12% of 8k`. */
export function contextLine(session: AgentSession): string {
  const usage = session.contextUsage()
  return `context: ${Math.round(usage.fraction * 100)}% of ${formatTokenCount(usage.context)}`
}

