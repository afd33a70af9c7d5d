/** One line naming a call for the transcript, e.g. `bash $ npm test` or `read_file src/app.ts`. */
export function formatCallLine(name: string, args: unknown, max = 120): string {
  const record = args && typeof args === 'object' ? (args as Record<string, unknown>) : undefined
  let line: string
  if (typeof record?.command === 'string') line = `${name} $ ${record.command.split('\n')[0]}${record.command.includes('\n') ? ' …' : ''}`
  else if (typeof record?.path === 'string' && Object.keys(record).length === 1) line = `${name} ${record.path}`
  else line = `${name} ${typeof args === 'string' ? args : JSON.stringify(args)}`
  return clipLine(line, max)
}

/** The first line of a tool result, for the transcript. */
export function formatResultLine(text: string, max = 120): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  const more = lines.length > 1 ? ` (+${lines.length - 1} lines)` : ''
  return clipLine(lines[0] ?? '(empty)', max - more.length) + more
}

export function clipLine(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text
}

/**
 * A refused or failed call's result for the transcript: said once (a policy reason that starts with "refused:"
 * is not prefixed again), without the instruction meant for the model, and wrapped to `width` rather than cut.
 * Returns the lines to print after the mark; later lines of a multi-line result are counted, as for a success.
 */
export function formatProblemLines(text: string, width: number): string[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  const first = (lines[0] ?? '(empty)')
    .replace(/^Refused: refused: /i, 'Refused: ')
    .replace(/\.? Do not retry this call; choose another way or ask the user\.$/, '.')
  const more = lines.length > 1 ? ` (+${lines.length - 1} lines)` : ''
  return wrapWords(first + more, Math.max(20, width))
}

/** Breaks text at spaces into lines of at most `width` characters; a word longer than a line is split. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word
    while (rest.length > 0) {
      const room = line === '' ? width : width - line.length - 1
      if (rest.length <= room) {
        line = line === '' ? rest : `${line} ${rest}`
        rest = ''
      } else if (line !== '') {
        lines.push(line)
        line = ''
      } else {
        lines.push(rest.slice(0, width))
        rest = rest.slice(width)
      }
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line)
  return lines
}
