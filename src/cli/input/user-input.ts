import {formatTokenCount} from '../../runtime/context/context-budget.js'
import type {Colors} from '../terminal/colors.js'
import {findAtReferences} from './at-references.js'
import {attachedLine, messageWithAttachments} from './attachment-message.js'
import {AttachmentError, readAttachments} from './attachments.js'
import {runShellEscape, type ShellEscapeOptions, shellNote} from './shell-escape.js'
import {LiveOutputPainter} from '../terminal/tool-output/live-output-painter.js'

/** The line `!` alone prints, and /help's line for both. */
export const INPUT_HELP = [
  '@path               attach a workspace file to the message (@"a b.txt" for spaces; up to 64 KB each)',
  '!command            run a shell command yourself (hard-deny checked, sandboxed); its output goes to the model',
].join('\n')

export interface UserInputOptions extends ShellEscapeOptions {
  out: NodeJS.WritableStream
  colors: Colors
  /** Where a `!command`'s output joins the conversation (the session's addNote). */
  addNote(text: string): void
  /** The session's check that a message can fit the context at all (AgentSession.oversize). */
  oversize?(text: string): {tokens: number; context: number} | undefined
  /** Awaited after a `!command` ran (records what it changed for /undo). */
  afterRun?(): Promise<void>
}

/**
 * What happens to a message before it reaches the model: `!command` runs here and is done; `@path` references
 * become attachments. Returns the text to send, or undefined when nothing is to be sent (a command ran, or an
 * attachment was refused: then one line says why and the message waits, ↑ brings it back).
 */
export class UserInput {
  constructor(private readonly options: UserInputOptions) {}

  readonly prepare = async (text: string, signal: AbortSignal): Promise<string | undefined> => {
    const trimmed = text.trim()
    if (trimmed.startsWith('!')) {
      await this.shell(trimmed.slice(1).trim(), signal)
      return undefined
    }
    return this.attach(text)
  }

  private async attach(text: string): Promise<string | undefined> {
    const {out, colors, workspace, home} = this.options
    // In a multi-line message (pasted code) a missing `@name.attr` is a decorator, not a typo: only files that exist count.
    const multiLine = text.trim().includes('\n')
    const references = findAtReferences(text).map((reference) => (multiLine ? {...reference, pathLike: false} : reference))
    if (references.length === 0) return text
    try {
      const attachments = await readAttachments(references, workspace, home)
      for (const attachment of attachments) out.write(`${colors.dim(attachedLine(attachment))}\n`)
      const message = messageWithAttachments(text, attachments)
      const oversize = attachments.length > 0 ? this.options.oversize?.(message) : undefined
      if (!oversize) return message
      // Said here rather than by the loop, whose advice (put it in a file) is what an attachment already is.
      const tokens = `~${formatTokenCount(oversize.tokens)} tokens with its attachments, more than the model's ${formatTokenCount(oversize.context)} context`
      out.write(`${colors.yellow(`this message is ${tokens}; nothing was sent: ask the model to read the part it needs instead (↑ brings the message back)`)}\n`)
      return undefined
    } catch (error) {
      if (!(error instanceof AttachmentError)) throw error
      out.write(`${colors.yellow(`${error.message}; nothing was sent (↑ brings the message back)`)}\n`)
      return undefined
    }
  }

  private async shell(command: string, signal: AbortSignal): Promise<void> {
    const {out, colors} = this.options
    if (command === '') {
      out.write(`${colors.dim(INPUT_HELP.split('\n')[1] ?? '')}\n`)
      return
    }
    // On a terminal the command's last lines and elapsed time show while it runs, as for the model's commands.
    const live = (out as Partial<NodeJS.WriteStream>).isTTY ? new LiveOutputPainter(out as NodeJS.WriteStream, colors) : undefined
    const outcome = await runShellEscape(command, signal, {
      ...this.options,
      onStart: () => live?.start(),
      onOutput: live && ((text) => live.push(text)),
    }).finally(() => live?.stop())
    if (outcome.kind === 'refused') {
      out.write(`${colors.red(outcome.reason)}\n`)
      return
    }
    await this.options.afterRun?.()
    out.write(`${outcome.text}\n`)
    if (outcome.cancelled) {
      out.write(`${colors.dim('stopped; the output so far goes to the model with your next message')}\n`)
    }
    this.options.addNote(shellNote(command, outcome.text))
  }
}
