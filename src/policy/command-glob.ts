/** Runs of whitespace count as one space, so `npm  test` and `npm test` are the same command to a rule. */
function normaliseCommand(command: string): string {
  return command.trim().replace(/\s+/g, ' ')
}

/**
 * A glob for command lines, package names and other text targets: `*` matches any characters
 * (spaces and slashes included), everything else is literal. Matched without a RegExp, in
 * O(pattern × text), so a hostile project file cannot hang the agent with `*a*a*a*…b`.
 */
export function compileTextGlob(pattern: string): (value: string) => boolean {
  const parts = normaliseCommand(pattern).split('*')
  return (value) => matchParts(parts, normaliseCommand(value))
}

function matchParts(parts: string[], text: string): boolean {
  const first = parts[0]
  if (parts.length === 1) return text === first
  if (!text.startsWith(first)) return false
  const last = parts[parts.length - 1]
  if (text.length - first.length < last.length || !text.endsWith(last)) return false
  // Middle parts: take each at its earliest position; greedy-earliest is optimal when `*` is the only wildcard.
  let at = first.length
  const end = text.length - last.length
  for (const part of parts.slice(1, -1)) {
    const found = text.indexOf(part, at)
    if (found === -1 || found + part.length > end) return false
    at = found + part.length
  }
  return true
}
