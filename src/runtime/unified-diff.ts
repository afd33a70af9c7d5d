import {FILE_HEADERS_ONLY, formatPatch, structuredPatch, type StructuredPatch} from 'diff'

import {countLines} from './line-endings.js'

/** Past this many changed lines the diff is not computed: the cost grows with it and no one reads it. */
export const MAX_DIFF_EDIT_LENGTH = 2000

const CONTEXT_LINES = 3

/**
 * A plain-text unified diff of one file (`--- a/path`, `+++ b/path`, hunks with 3 lines of
 * context); empty when nothing changed. CRs are ignored, so a CRLF file diffs like an LF one.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  const patch = linePatch(path, before, after)
  if (patch) return patch.hunks.length === 0 ? '' : formatPatch(patch, FILE_HEADERS_ONLY)
  const {added, removed} = wholeFileStat(before, after)
  return `--- a/${path}\n+++ b/${path}\n(diff not shown: too many changes, -${removed} +${added} lines)\n`
}

/** Lines added and removed between two versions (a changed line counts once each way). */
export function diffStat(before: string, after: string): {added: number; removed: number} {
  const patch = linePatch('', before, after)
  if (!patch) return wholeFileStat(before, after)
  let added = 0
  let removed = 0
  for (const line of patch.hunks.flatMap((hunk) => hunk.lines)) {
    if (line.startsWith('+')) added++
    else if (line.startsWith('-')) removed++
  }
  return {added, removed}
}

function linePatch(path: string, before: string, after: string): StructuredPatch | undefined {
  return structuredPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, {
    context: CONTEXT_LINES,
    stripTrailingCr: true,
    maxEditLength: MAX_DIFF_EDIT_LENGTH,
  })
}

// When the diff is too big to compute, the honest upper bound is: every old line out, every new line in.
function wholeFileStat(before: string, after: string): {added: number; removed: number} {
  return {added: countLines(after), removed: countLines(before)}
}
