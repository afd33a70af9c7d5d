import type {GrepResult} from './grep-request.js'

/** Longer lines are cut to a window this wide around their first match (minified files, data blobs). */
const MAX_LINE_CHARS = 500

/** `path:line:text` per match, then what was left out; the same text whichever engine searched. */
export function formatGrepResult(result: GrepResult, line: RegExp): string {
  const shown = result.matches.map((match) => `${match.path}:${match.line}:${excerptLine(match.text, line)}`)
  const hidden = result.total - result.matches.length
  const atLeast = result.countStopped ? 'at least ' : ''
  if (hidden > 0) shown.push(`… ${atLeast}${hidden} more ${hidden === 1 ? 'match' : 'matches'} not shown; narrow with path or glob`)
  if (result.problems.length > 0) shown.push(describeProblems(result.problems))
  return shown.join('\n')
}

export function describeProblems(problems: readonly string[]): string {
  const listed = problems.slice(0, 3).join('; ')
  const more = problems.length > 3 ? ` and ${problems.length - 3} more` : ''
  return `(Could not read ${problems.length === 1 ? 'one path' : `${problems.length} paths`}: ${listed}${more}.)`
}

/**
 * A line of at most `maxChars`, cut around the first match of `line` so the match stays visible,
 * with markers saying how much was cut on each side.
 */
export function excerptLine(text: string, line: RegExp, maxChars = MAX_LINE_CHARS): string {
  if (text.length <= maxChars) return text
  const match = line.exec(text)
  const matchStart = match?.index ?? 0
  const matchEnd = matchStart + (match?.[0].length ?? 0)
  let start = matchEnd <= maxChars ? 0 : Math.max(0, Math.min(matchStart - Math.floor(maxChars / 5), text.length - maxChars))
  let end = start + maxChars
  // Never split a surrogate pair.
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start++
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end--
  const before = start > 0 ? `[…${start} chars] ` : ''
  const after = end < text.length ? ` […${text.length - end} more chars]` : ''
  return before + text.slice(start, end) + after
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
