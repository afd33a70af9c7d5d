import {findExecutable} from '../../runtime/process/find-executable.js'
import {formatProcessResult, NON_INTERACTIVE_ENV, OUTPUT_BUDGET_BYTES} from '../../runtime/process/format-process-result.js'
import {runProcess} from '../../runtime/process/run-process.js'
import {sandboxForCommand} from '../../runtime/process/session-sandbox.js'
import {defaultHome} from '../../runtime/files/workspace-path.js'
import {errorText} from '../../runtime/text/error-text.js'

/** As long as the bash tool lets the model wait at most; Ctrl-C ends it sooner. */
export const SHELL_ESCAPE_TIMEOUT_MS = 600_000

/** What a `!command` came to: refused before anything ran, or ran (output clipped as the bash tool clips it). */
export type ShellEscapeOutcome =
  | {kind: 'refused'; reason: string}
  | {kind: 'ran'; text: string; exitCode: number | null; cancelled: boolean}

export interface ShellEscapeOptions {
  workspace: string
  /** The home `~` means to the classifier (default $HOME). */
  home?: string
  /** Awaited once the command passed the check, before it starts (the CLI checkpoints the workspace for /undo). */
  beforeRun?(command: string): Promise<void>
  /** Called as the command starts (after the check and the checkpoint), then with its output as it comes: a live view. */
  onStart?(): void
  onOutput?(text: string): void
}

/**
 * Runs a command the person typed after `!`: through the same hard-deny classifier as the model's commands (no
 * gate question: the person typed it), then in the session's sandbox, in the workspace root, in its own process
 * group (Ctrl-C, through `signal`, kills the group).
 */
export async function runShellEscape(command: string, signal: AbortSignal, options: ShellEscapeOptions): Promise<ShellEscapeOutcome> {
  const {workspace} = options
  const denied = await hardDenyReason(command, workspace, options.home ?? defaultHome())
  if (denied) return {kind: 'refused', reason: denied}
  let sandbox
  try {
    // Under --sandbox on without a working sandbox this throws: nothing runs unsandboxed then.
    sandbox = sandboxForCommand('bash', workspace)
  } catch (error) {
    return {kind: 'refused', reason: errorText(error)}
  }
  await options.beforeRun?.(command)
  options.onStart?.()
  const result = await runProcess({
    file: (await findExecutable('bash')) ?? 'sh',
    args: ['-c', command],
    cwd: workspace,
    env: NON_INTERACTIVE_ENV,
    timeoutMs: SHELL_ESCAPE_TIMEOUT_MS,
    signal,
    maxOutputBytes: 2 * OUTPUT_BUDGET_BYTES,
    sandbox,
    onOutput: options.onOutput,
  })
  const formatted = formatProcessResult(result, {timeoutMs: SHELL_ESCAPE_TIMEOUT_MS, maxBytes: OUTPUT_BUDGET_BYTES, sandbox: sandbox?.plan})
  return {kind: 'ran', text: formatted.text, exitCode: result.exitCode, cancelled: result.aborted}
}

/** The user message that tells the model what the person ran and what came of it (read with their next message). */
export function shellNote(command: string, text: string): string {
  return `I ran \`${command}\` myself:\n${text}`
}

/** The classifier's refusal for this command line, or undefined when it may run. */
async function hardDenyReason(command: string, workspace: string, home: string): Promise<string | undefined> {
  // One after the other, as the policy edge loads them (jest's VM modules cannot link shared graphs concurrently).
  const {parseShell} = await import('../../policy/edge/parse-shell.js')
  const {classifyCommand} = await import('../../policy/classify-command.js')
  const verdict = classifyCommand(await parseShell(command), {cwd: workspace, home})
  return verdict.denied ? verdict.reason : undefined
}
