import {formatSize} from '../../runtime/text/format-size.js'
import type {Attachment} from './attachments.js'

/**
 * The message the model gets: the text as typed, then each file in a fenced block headed by its path and line
 * count (and, for a cut file, what was left out, so the model knows to read on). Pure.
 */
export function messageWithAttachments(text: string, attachments: readonly Attachment[]): string {
  if (attachments.length === 0) return text
  const blocks = attachments.map((attachment) => {
    const fence = fenceFor(attachment.text)
    const body = attachment.text.endsWith('\n') || attachment.text === '' ? attachment.text : `${attachment.text}\n`
    const cut = attachment.cut ? `\n(cut: the first ${attachment.lines} lines of ${formatSize(attachment.bytes)} are attached; read_file ${attachment.path} for the rest)` : ''
    return `${attachment.path} (${linesOf(attachment.lines)}):\n${fence}${languageOf(attachment.path)}\n${body}${fence}${cut}`
  })
  return [text, ...blocks].join('\n\n')
}

/** The dim line the screen shows for one attachment, e.g. `attached src/a.ts (120 lines, 3.2 KB)`. */
export function attachedLine(attachment: Attachment): string {
  const size = attachment.cut ? `first ${attachment.lines} lines of ${formatSize(attachment.bytes)}, cut` : `${linesOf(attachment.lines)}, ${formatSize(attachment.bytes)}`
  return `attached ${attachment.path} (${size})`
}

/** A fence longer than any run of backticks in the text, so the file cannot close it early. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length))
  return '`'.repeat(Math.max(3, longest + 1))
}

/** The info string of the fence: the file's extension, which is what renderers and models key highlighting on. */
function languageOf(path: string): string {
  const name = path.split('/').pop() ?? ''
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).replace(/[^\w+-]/g, '') : ''
}

function linesOf(count: number): string {
  return count === 1 ? '1 line' : `${count} lines`
}
