import {keepHeadTail, renderHeadTail, utf8Length} from '../text/elide-middle.js'
import type {RunProcessResult} from './run-process.js'
import type {ToolResult} from '../tools/tool-declaration.js'
import type {SandboxPlan} from './sandbox-plan.js'
import {sandboxBlockNote, sandboxBlocks} from './sandbox-block-note.js'

/** Bytes of stdout plus stderr the model reads; the middle of longer output is elided. */
export const OUTPUT_BUDGET_BYTES = 30_000

// Nothing the command starts may wait for a terminal: it has none (its own session), and these say so.
export const NON_INTERACTIVE_ENV: Record<string, string | undefined> = {
  LILLYCODER: '1',
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  PAGER: 'cat',
  GIT_EDITOR: 'true',
  TERM: 'dumb',
  NO_COLOR: '1',
  FORCE_COLOR: undefined,
}

export interface FormatOptions {
  timeoutMs: number
  maxBytes: number
  /** The plan the command ran in, if sandboxed: a failure that looks like the sandbox's doing says so. */
  sandbox?: SandboxPlan
}

/** Exit status and both streams for the model, at most `maxBytes` of output; a failing exit is a result, not an error. */
export function formatProcessResult(result: RunProcessResult, {timeoutMs, maxBytes, sandbox}: FormatOptions): ToolResult {
  const [stdoutShare, stderrShare] = splitBudget(shownBytes(result.stdout), shownBytes(result.stderr), maxBytes)
  const stdout = renderHeadTail(keepHeadTail(result.stdout, stdoutShare))
  const stderr = renderHeadTail(keepHeadTail(result.stderr, stderrShare))
  const status = result.timedOut
    ? `Timed out after ${timeoutMs} ms; the command and every process it started were killed.`
    : result.aborted
      ? 'Cancelled; the command and every process it started were killed.'
      : result.signal
        ? `Killed by ${result.signal}.`
        : `Exit code ${result.exitCode}.`
  const sections = [
    stdout && `stdout:\n${withFinalNewline(stdout)}`,
    stderr && `stderr:\n${withFinalNewline(stderr)}`,
  ].filter(Boolean)
  const failed = result.exitCode !== 0 && !result.timedOut && !result.aborted
  const blocks = sandbox && failed ? sandboxBlocks(`${stdout}\n${stderr}`, sandbox) : []
  const note = sandbox && sandboxBlockNote(blocks, sandbox)
  const text = [status, ...(sections.length > 0 ? sections : ['(no output)'])].join('\n').trimEnd()
  return {
    text: note ? `${text}\n${note}` : text,
    data: {
      exitCode: result.exitCode,
      signal: result.signal,
      timedOut: result.timedOut,
      aborted: result.aborted,
      durationMs: result.durationMs,
      stdout,
      stderr,
      sandboxed: sandbox !== undefined,
      ...(blocks.length > 0 ? {sandboxBlocked: blocks} : {}),
    },
  }
}

/** Each stream gets half the budget; a stream that needs less leaves the rest to the other. */
export function splitBudget(stdoutBytes: number, stderrBytes: number, total: number): [number, number] {
  const half = Math.floor(total / 2)
  if (stdoutBytes + stderrBytes <= total) return [stdoutBytes, stderrBytes]
  if (stdoutBytes <= half) return [stdoutBytes, total - stdoutBytes]
  if (stderrBytes <= total - half) return [total - stderrBytes, stderrBytes]
  return [half, total - half]
}

function shownBytes(output: RunProcessResult['stdout']): number {
  return utf8Length(output.head) + utf8Length(output.tail)
}

function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`
}
