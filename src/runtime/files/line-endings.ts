export type LineEnding = '\n' | '\r\n'

/** The line ending most lines of `text` use; LF when there are none or it is a tie. */
export function dominantLineEnding(text: string): LineEnding {
  const crlf = text.match(/\r\n/g)?.length ?? 0
  const all = text.match(/\n/g)?.length ?? 0
  return crlf > all - crlf ? '\r\n' : '\n'
}

/** Rewrites every line break in `text` (CRLF or LF) as `ending`. */
export function withLineEnding(text: string, ending: LineEnding): string {
  const lf = text.replace(/\r\n/g, '\n')
  return ending === '\n' ? lf : lf.replace(/\n/g, '\r\n')
}

/** Lines as an editor numbers them: a final line without a line break still counts. */
export function countLines(text: string): number {
  if (text.length === 0) return 0
  const breaks = text.match(/\n/g)?.length ?? 0
  return text.endsWith('\n') ? breaks : breaks + 1
}
