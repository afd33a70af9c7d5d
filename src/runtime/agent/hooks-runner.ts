import {spawn} from 'node:child_process'

import {elideMiddle} from '../text/elide-middle.js'
import {errorText} from '../text/error-text.js'
import {hookEnvironment, type HookedCall, needsShell, type ToolHookSpec, type ToolHooks} from './hooks.js'

// What a hook adds to a result or gives as a reason: enough for a formatter's summary, not a flood.
const MAX_HOOK_OUTPUT = 4000
const KILL_GRACE_MS = 1000

interface HookRun {
  exitCode: number | null
  stdout: string
  stderr: string
  timedOut: boolean
}

/** Hooks from the config, run as processes in the workspace: without a shell unless the command needs one. */
export class CommandHooks implements ToolHooks {
  constructor(
    private readonly hooks: readonly ToolHookSpec[],
    private readonly warn: (message: string) => void,
  ) {}

  async beforeTool(call: HookedCall, signal: AbortSignal): Promise<{blockedBy: string; reason: string} | undefined> {
    for (const hook of this.matching('before', call.tool)) {
      const run = await this.run(hook, call, signal)
      if (!run) continue
      if (run.exitCode === 2) return {blockedBy: hook.command, reason: elideMiddle(run.stderr.trim(), MAX_HOOK_OUTPUT) || '(the hook gave no reason)'}
    }
    return undefined
  }

  async afterTool(call: HookedCall, result: {outcome: string; text: string}, signal: AbortSignal): Promise<string> {
    const outputs: string[] = []
    for (const hook of this.matching('after', call.tool)) {
      const run = await this.run(hook, {...call, result}, signal)
      const printed = run?.stdout.trim()
      if (printed) outputs.push(`[after_tool ${hook.command}]\n${elideMiddle(printed, MAX_HOOK_OUTPUT)}`)
    }
    return outputs.join('\n')
  }

  private matching(when: 'before' | 'after', tool: string): ToolHookSpec[] {
    return this.hooks.filter((hook) => hook.when === when && hook.match.test(tool))
  }

  /** One hook; a failure to start, a timeout or an exit other than 0 (and 2 before a call) is one warning. */
  private async run(hook: ToolHookSpec, call: HookedCall, signal: AbortSignal): Promise<HookRun | undefined> {
    const label = `${hook.when}_tool hook \`${hook.command}\` (${hook.source})`
    let run: HookRun
    try {
      run = await runHookProcess(await hookArgv(hook.command), JSON.stringify(call), {cwd: call.workspace, env: hookEnvironment(call), timeoutMs: hook.timeoutMs, signal})
    } catch (error) {
      this.warn(`${label} could not run: ${errorText(error)}`)
      return undefined
    }
    if (run.timedOut) this.warn(`${label} did not finish within ${hook.timeoutMs / 1000} s and was stopped`)
    else if (run.exitCode !== 0 && !(hook.when === 'before' && run.exitCode === 2)) {
      const said = run.stderr.trim().split('\n').at(-1)
      this.warn(`${label} exited ${run.exitCode ?? 'on a signal'}${said ? `: ${said}` : ''}`)
    }
    return run
  }
}

/** The argv to run: `sh -c` for shell syntax, else the words as the shell would split them. */
async function hookArgv(command: string): Promise<string[]> {
  if (needsShell(command)) return ['sh', '-c', command]
  const {parseShell} = await import('../../policy/edge/parse-shell.js')
  const parsed = await parseShell(command)
  const [simple] = parsed.commands
  if (parsed.commands.length !== 1 || !simple || simple.argv.length === 0 || simple.argv.some((word) => word.dynamic) || simple.redirects.length > 0 || simple.assignments.length > 0)
    return ['sh', '-c', command]
  return simple.argv.map((word) => word.text)
}

/** Runs a hook in its own process group with the call on stdin; at the timeout or on Ctrl-C the whole group is killed. */
function runHookProcess(argv: string[], input: string, options: {cwd: string; env: Record<string, string>; timeoutMs: number; signal: AbortSignal}): Promise<HookRun> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = argv
    const child = spawn(file, args, {cwd: options.cwd, env: {...process.env, ...options.env}, detached: true, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    let timedOut = false
    const keep = (text: string, chunk: string) => (text.length > MAX_HOOK_OUTPUT * 4 ? text : text + chunk)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout = keep(stdout, chunk)))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = keep(stderr, chunk)))
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal)
      } catch {
        // Already gone.
      }
    }
    const stop = () => {
      killGroup('SIGTERM')
      setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref()
    }
    const timer = setTimeout(() => {
      timedOut = true
      stop()
    }, options.timeoutMs)
    options.signal.addEventListener('abort', stop, {once: true})
    child.on('error', (error) => {
      clearTimeout(timer)
      options.signal.removeEventListener('abort', stop)
      reject(error)
    })
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      options.signal.removeEventListener('abort', stop)
      resolve({exitCode, stdout, stderr, timedOut})
    })
    // A hook that does not read its stdin closes it early; that is its business.
    child.stdin.on('error', () => undefined)
    child.stdin.end(input)
  })
}
