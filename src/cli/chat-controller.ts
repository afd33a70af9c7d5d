import type {PolicyEngine} from '../policy/types.js'
import type {AgentSession} from '../runtime/agent-loop.js'
import type {ToolRegistry} from '../runtime/tool-registry.js'
import type {Colors} from './colors.js'
import type {TranscriptRenderer} from './transcript-renderer.js'

export interface ChatControllerOptions {
  session: AgentSession
  renderer: TranscriptRenderer
  registry: ToolRegistry
  policy: PolicyEngine
  out: NodeJS.WriteStream
  colors: Colors
}

const HELP = `/help               this list
/tools              the tools the model can call
/permissions        the grants of this session; /permissions revoke N drops one
/thoughts on|off    show or hide the model's reasoning
/clear              forget the conversation (grants stay)
/exit               leave (also Ctrl-D, or Ctrl-C twice)
Anything else is sent to the model. Ctrl-C stops a reply or a command; end a line with \\ to continue it.`

/** What the REPL does with each input: a slash command, or a turn of the conversation. */
export class ChatController {
  constructor(private readonly options: ChatControllerOptions) {}

  readonly handle = async (text: string, signal: AbortSignal): Promise<'exit' | void> => {
    const trimmed = text.trim()
    if (trimmed.startsWith('/') && !trimmed.includes('\n')) return this.command(trimmed)
    const outcome = await this.options.session.runTurn(text, signal)
    this.options.renderer.finish(outcome)
  }

  private command(line: string): 'exit' | void {
    const [name, ...args] = line.split(/\s+/)
    const {out, colors} = this.options
    switch (name) {
      case '/exit':
      case '/quit':
        return 'exit'
      case '/help':
        out.write(`${HELP}\n`)
        return
      case '/tools':
        for (const {declaration, source} of this.options.registry.list())
          out.write(`${colors.bold(declaration.name.padEnd(16))} ${declaration.mutates ? colors.yellow('asks') : colors.dim('reads')}  ${colors.dim(source)}\n`)
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
      default:
        out.write(`${colors.yellow(`unknown command ${name}`)}; /help lists them\n`)
    }
  }

  private permissions(args: string[]): void {
    const {out, colors, policy} = this.options
    const grants = policy.grants()
    if (args[0] === 'revoke') {
      const index = Number(args[1]) - 1
      const grant = grants[index]
      if (!grant) out.write(`${colors.yellow(`no grant number ${args[1] ?? ''}`.trim())}; /permissions lists them\n`)
      else if (policy.revoke(grant)) out.write(`revoked: ${describeGrant(grant)}\n`)
      return
    }
    if (grants.length === 0) {
      out.write(`${colors.dim('no grants in this session; answering a or p at a prompt adds one')}\n`)
      return
    }
    grants.forEach((grant, index) => out.write(`  ${index + 1}. ${describeGrant(grant)}\n`))
    out.write(`${colors.dim('/permissions revoke N drops one; all end when you exit')}\n`)
  }
}

function describeGrant(grant: {scope: string; tool: string; target?: string}): string {
  return grant.scope === 'tool' ? `${grant.tool}: always, this session` : `${grant.tool} on ${grant.target}: always, this session`
}
