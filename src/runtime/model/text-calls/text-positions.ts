// Moves over text by index, for the scanners that read tool calls out of model text.

export function skipWhitespace(text: string, p: number): number {
  while (p < text.length && /\s/.test(text[p])) p++
  return p
}

/** Spaces and tabs only: an indent, which must not cross a line. */
export function skipSpaces(text: string, p: number): number {
  while (text[p] === ' ' || text[p] === '\t') p++
  return p
}

/** Whitespace, commas and semicolons: what models put between calls written one after another. */
export function skipSeparators(text: string, p: number): number {
  while (p < text.length && /[\s,;]/.test(text[p])) p++
  return p
}

/** The index of the `\n` ending the line at `p`, or the text's length. */
export function lineEnd(text: string, p: number): number {
  const eol = text.indexOf('\n', p)
  return eol === -1 ? text.length : eol
}

/** Where the first of `stops` occurs at or after `p`, or the text's length. */
export function untilAny(text: string, p: number, stops: readonly string[]): number {
  const found = stops.map((stop) => text.indexOf(stop, p)).filter((at) => at !== -1)
  return found.length > 0 ? Math.min(...found) : text.length
}
