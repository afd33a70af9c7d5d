import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {buildAgent} from '../cli/session/build-agent.js'
import {ApprovalRefusals} from '../cli/terminal/approval-refusals.js'
import {colorsFor} from '../cli/terminal/colors.js'
import {HeadlessReporter} from '../cli/terminal/headless-reporter.js'
import {sessionFlags} from '../cli/session-flags.js'
import {ExitCode, UserError} from '../cli/user-error.js'
import {warnOnStderr} from '../cli/warn-on-stderr.js'
import {currentWorkspace} from '../cli/workspace.js'
import type {TurnOutcome, TurnStatus} from '../runtime/agent/agent-events.js'
import {HeadlessPrompter} from '../runtime/agent/headless-prompter.js'
import {markBareResume} from '../cli/session/session-start.js'
import {wireSession} from '../cli/session/session-wiring.js'

const EXIT_BY_STATUS: Record<TurnStatus, number> = {
  answered: ExitCode.ok,
  error: ExitCode.endpoint,
  step_limit: ExitCode.stepLimit,
  cancelled: ExitCode.interrupted,
  too_large: ExitCode.usage, // the task alone cannot fit the model's context: nothing was sent
}

export default class Run extends BaseCommand {
  static override summary = 'Run one task headless, without a terminal, and print the answer'
  static override description = `Calls that would ask are refused (nobody is there to approve them) unless --bypass-permissions is given.
Exit codes: 0 done, 1 endpoint or model error, 2 usage error, 3 step limit reached, 4 done but calls that needed approval were refused, 130 interrupted.`
  static override args = {prompt: Args.string({required: true, description: 'The task; "-" reads it from stdin'})}
  static override flags = {
    ...sessionFlags,
    json: Flags.boolean({description: 'Print one JSON object per line for each event (text, tool_call, tool_result, error, done)', default: false}),
    'persona-tools': Flags.boolean({description: 'Offer the model the persona tools (list, add, switch, update); off in run to save prompt tokens', default: false}),
  }
  static override examples = [
    '<%= config.bin %> run "add a test for utils.ts" --api http://127.0.0.1:8080/v1 --bypass-permissions',
    'git diff | <%= config.bin %> run - --json',
  ]

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Run, markBareResume(this.argv))
    const prompt = args.prompt === '-' ? await readStdin() : args.prompt
    if (prompt.trim() === '') throw new UserError('the task is empty; pass it as an argument or on stdin with "-"')
    const reporter = new HeadlessReporter(flags.json, colorsFor(process.stderr))
    const refusals = new ApprovalRefusals()
    const sessions = await wireSession({flags, workspace: await currentWorkspace(), notice: (message, kind) => kind === 'problem' && reporter.handle({type: 'notice', message}), warn: warnOnStderr})
    const agent = await buildAgent({
      beforeMutation: sessions.undo.beforeMutation,
      resumed: sessions.loaded,
      config: this.config,
      flags,
      workspace: await currentWorkspace(),
      prompter: () => new HeadlessPrompter(),
      warn: warnOnStderr,
      personaTools: flags['persona-tools'],
      emit: (event) => {
        refusals.observe(event)
        reporter.handle(event)
      },
    })
    const keeper = sessions.attach(agent)
    const controller = new AbortController()
    // Kept until the process ends: a second Ctrl-C while the turn winds down (a group still dying, sockets closing)
    // must exit with 130 by our handler, not be killed by Node's default.
    cancelOnSignals(controller)
    let outcome: TurnOutcome
    try {
      outcome = await agent.session.runTurn(prompt, controller.signal)
      await sessions.undo.endTurn()
    } finally {
      keeper.close()
      await agent.client.close() // its keep-alive sockets would hold the process open after the answer
      await agent.mcp?.close() // and a stdio server's pipes would too
    }
    // A scripted caller reads the exit code: "answered" with work left undone for want of approval is not success.
    const refused = refusals.list()
    const exitCode = outcome.status === 'answered' && refused.length > 0 ? ExitCode.approvalRefused : EXIT_BY_STATUS[outcome.status]
    reporter.finish(outcome, {exitCode, refused, refusedSummary: refusals.summary()})
    process.exitCode = exitCode
  }

  /** With --json a consumer reads stdout only: a failure before the turn (no server, bad config) is an event too. */
  protected override reportFailure(line: string, exitCode: number): void {
    super.reportFailure(line, exitCode)
    if (!this.argv.includes('--json')) return
    process.stdout.write(`${JSON.stringify({type: 'error', message: line})}\n`)
    process.stdout.write(`${JSON.stringify({type: 'done', status: 'error', text: '', steps: 0, error: line, exit_code: exitCode, refused_approvals: []})}\n`)
  }
}

const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/**
 * The first SIGINT, SIGTERM or SIGHUP cancels the turn, which then ends with its outcome (exit 130). A second one
 * exits at once with 130 — ours, not Node's default, so the exit hook in run-process still kills any process
 * group left running. Returns what removes the handlers.
 */
export function cancelOnSignals(controller: AbortController, exit: (code: number) => void = (code) => process.exit(code)): () => void {
  const onSignal = (): void => {
    if (controller.signal.aborted) exit(ExitCode.interrupted)
    else controller.abort()
  }
  for (const signal of CANCEL_SIGNALS) process.on(signal, onSignal)
  return () => {
    for (const signal of CANCEL_SIGNALS) process.off(signal, onSignal)
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UserError('"-" reads the task from stdin, but stdin is a terminal; pipe the task in')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
