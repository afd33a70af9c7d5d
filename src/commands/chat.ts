import path from 'node:path'

import {Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {buildAgent} from '../cli/session/build-agent.js'
import {ChatController} from '../cli/terminal/chat-controller.js'
import {colorsFor} from '../cli/terminal/colors.js'
import {Repl} from '../cli/terminal/repl.js'
import {inputCompleter} from '../cli/terminal/line-editing/input-completer.js'
import {sessionFlags} from '../cli/session-flags.js'
import {TerminalPrompter} from '../cli/terminal/terminal-prompter.js'
import {TranscriptRenderer} from '../cli/terminal/transcript-renderer.js'
import {warnOnStderr} from '../cli/warn-on-stderr.js'
import {currentWorkspace} from '../cli/workspace.js'
import {formatTokenCount} from '../runtime/context/context-budget.js'
import {describeServerFacts, type ServerFacts} from '../runtime/servers/server-facts.js'
import {xdgPaths} from '../runtime/config/xdg-paths.js'
import {sandboxReport} from '../cli/session/sandbox-session.js'
import {activeVoice, PersonaCommands} from '../cli/terminal/persona-commands.js'
import type {PersonaSwitcher} from '../runtime/agent/persona-switcher.js'
import {factsOf, wireSession} from '../cli/session/session-wiring.js'
import {markBareResume} from '../cli/session/session-start.js'
import {pickSession} from '../cli/session/pick-session.js'
import {replayExchanges} from '../cli/session/replay-exchanges.js'
import {SessionCommands} from '../cli/terminal/session-commands.js'
import {loadTerminalMarkdown} from '../cli/terminal/markdown-terminal.js'
import {formatStatusLine} from '../cli/terminal/markdown-status.js'
import {UserInput} from '../cli/input/user-input.js'

export default class Chat extends BaseCommand {
  static override summary = 'Chat with the agent in this folder (the default command)'
  static override description =
    'Starts the REPL. The model reads, searches, edits and runs commands through tools; every call that changes something asks first, one key: [y]es [n]o (and a reason) [a]lways (bash: that program and subcommand) [p]ath: always for this exact target.'
  static override flags = {
    ...sessionFlags,
    plain: Flags.boolean({description: 'Print replies as raw text, not rendered markdown (also with NO_COLOR or a pipe)', default: false}),
  }
  static override examples = [
    '<%= config.bin %>',
    '<%= config.bin %> --api http://127.0.0.1:8080/v1',
    '<%= config.bin %> chat --api http://127.0.0.1:11434/v1 --model qwen2.5-coder:7b',
  ]

  async run(): Promise<void> {
    const {flags} = await this.parse(Chat, markBareResume(this.argv))
    const out = process.stdout
    const colors = colorsFor(out)
    const workspace = await currentWorkspace()
    // The REPL exists before the agent (set-up may ask which model); its inputs reach the controller once built.
    const route: {controller?: ChatController; personas?: PersonaSwitcher} = {}
    // Markdown only for a colour terminal; the renderer loads in the background so start-up does not wait for it.
    const rendered = !flags.plain && Boolean(out.isTTY) && !process.env.NO_COLOR
    const markdown = rendered ? loadTerminalMarkdown(out.columns || 80) : undefined
    const renderer = new TranscriptRenderer({out, colors, showThoughts: !flags['hide-thoughts'], markdown})
    const repl = new Repl({
      input: process.stdin,
      output: out,
      colors,
      historyFile: path.join(xdgPaths().state, 'history'),
      prompt: `${colors.bold(colors.magenta('›'))} `,
      onInput: async (text, signal) => {
        await renderer.ready()
        return route.controller?.handle(text, signal)
      },
      complete: inputCompleter({workspace, personaNames: async () => (await route.personas?.catalog.names()) ?? []}),
    })
    const sessions = await wireSession({
      flags,
      workspace,
      pick: process.stdin.isTTY ? (list) => pickSession(list, {ask: repl.askLine, print: (text) => out.write(text)}) : undefined,
      notice: (message) => renderer.handle({type: 'notice', message}),
      warn: warnOnStderr,
    }).catch((error: unknown) => {
      repl.close()
      throw error
    })
    const agent = await buildAgent({
      beforeMutation: sessions.undo.beforeMutation,
      resumed: sessions.loaded,
      config: this.config,
      flags,
      workspace,
      asker: process.stdin.isTTY ? {ask: repl.askLine, print: (text) => out.write(text)} : undefined,
      prompter: (persona) => new TerminalPrompter(out, repl.askLine, activeVoice(persona, () => route.personas), colors, {askKey: repl.askKey, highlight: markdown, home: process.env.HOME}),
      warn: warnOnStderr,
      emit: (event) => renderer.handle(event),
    }).catch((error: unknown) => {
      repl.close()
      throw error
    })
    route.personas = agent.personas
    const personas = new PersonaCommands({personas: agent.personas, workspace, out, colors})
        const keeper = sessions.attach(agent)
    const sessionCommands = new SessionCommands({session: agent.session, keeper, undo: sessions.undo, facts: factsOf(agent), dir: sessions.dir, workspace, out, colors})
    const userInput = new UserInput({
      workspace,
      out,
      colors,
      addNote: (text) => agent.session.addNote(text),
      oversize: (text) => agent.session.oversize(text),
      // A `!command` is checkpointed for /undo like a bash call, and recorded as its own step.
      beforeRun: async (command) => {
        const bash = agent.registry.get('bash')
        if (bash) await sessions.undo.beforeMutation({tool: bash.declaration, args: {command}, targets: [{kind: 'command', command}]})
      },
      afterRun: () => sessions.undo.endTurn(),
    })
    route.controller = new ChatController({session: agent.session, renderer, registry: agent.registry, policy: agent.policy, budget: agent.budget, out, colors, personas, mcp: agent.mcp, sessionCommands, afterTurn: async () => void sessions.undo.endTurn(), models: agent.modelSwitch, statusLine: () => statusLine(), prepareInput: userInput.prepare})
    const statusLine = () => {
      const reply = renderer.meter.read()
      return formatStatusLine({
        model: agent.modelSwitch.model, // the one /model switched to, if any
        usage: agent.session.contextUsage(),
        reply: reply && {tokens: agent.budget.estimateText(reply.text), seconds: reply.seconds},
        sessionId: keeper.id,
      })
    }
    const dot = colors.dim('·')
    const usage = agent.session.contextUsage()
    out.write(
      `${agent.persona.emoji} ${colors.bold('lillycoder')} ${dot} ${agent.model} ${dot} ${Math.round(usage.fraction * 100)}% of ${formatTokenCount(usage.context)} ${dot} ${agent.client.baseURL} ${dot} ${tildePath(workspace)}\n` +
        `${colors.dim(`context size from ${agent.contextSource}${serverFactsNote(agent.serverFacts)}; /help for commands, Ctrl-C to stop a reply, Ctrl-D to leave`)}\n`,
    )
    out.write(`${colors.dim(sandboxReport(agent.sandbox, workspace).summary)}\n`)
    if (sessions.loaded) {
      out.write(`${colors.dim(`resumed session ${sessions.loaded.header.id} (${sessions.loaded.messages.length} messages); grants are not carried over`)}\n`)
      for (const line of replayExchanges(sessions.loaded.messages)) out.write(`${colors.dim(line)}\n`)
    }
    // A closed terminal or a kill: end like Ctrl-D, so a running command's process group is killed, not orphaned.
    const leave = () => repl.close()
    process.once('SIGHUP', leave)
    process.once('SIGTERM', leave)
    await repl.run()
    // The last turn's checkpoint is taken after the prompt came back: let it finish, or `lillycoder undo` misses it.
    await sessions.undo.settled()
    keeper.close()
    await agent.client.close()
    await agent.mcp?.close()
    // Running commands were cancelled already. Exiting normally would fail: output can't be flushed and Node's
    // own tty reset on exit asserts on a terminal that is gone. End the way a hung-up process ends.
    if (repl.lostTerminal) {
      process.removeAllListeners('SIGHUP')
      process.kill(process.pid, 'SIGHUP')
    }
  }
}

function tildePath(dir: string): string {
  const home = process.env.HOME
  return home && (dir === home || dir.startsWith(`${home}${path.sep}`)) ? `~${dir.slice(home.length)}` : dir
}

/** `, 4 slots sharing it · build b1-abc` after the context source, when the server said (llama.cpp /props). */
function serverFactsNote(facts: ServerFacts | undefined): string {
  const text = facts ? describeServerFacts({totalSlots: facts.totalSlots, build: facts.build}) : ''
  return text ? `; ${text}` : ''
}
