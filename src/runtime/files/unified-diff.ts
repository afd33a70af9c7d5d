import {FILE_HEADERS_ONLY, formatPatch, structuredPatch, type StructuredPatch} from 'diff'

import {countLines} from './line-endings.js'

/** Past this many changed lines the diff is not computed: the cost grows with it and no one reads it. */
export const MAX_DIFF_EDIT_LENGTH = 2000

const CONTEXT_LINES = 3

/** One file's change: the line counts and the diff text, from a single diff computation. */
export interface FileDiff {
  added: number
  removed: number
  /** A plain-text unified diff; empty when nothing changed. */
  diff: string
}

/**
 * The unified diff of one file (`--- a/path`, `+++ b/path`, hunks with 3 lines of context) and
 * the lines added and removed (a changed line counts once each way), from one diff computation.
 * CRs are ignored, so a CRLF file diffs like an LF one.
 */
export function fileDiff(path: string, before: string, after: string): FileDiff {
  const patch = linePatch(path, before, after)
  if (!patch) {
    const {added, removed} = wholeFileStat(before, after)
    return {added, removed, diff: `--- a/${path}\n+++ b/${path}\n(diff not shown: too many changes, -${removed} +${added} lines)\n`}
  }
  let added = 0
  let removed = 0
  for (const line of patch.hunks.flatMap((hunk) => hunk.lines)) {
    if (line.startsWith('+')) added++
    else if (line.startsWith('-')) removed++
  }
  return {added, removed, diff: patch.hunks.length === 0 ? '' : formatPatch(patch, FILE_HEADERS_ONLY)}
}

/** The diff text of {@link fileDiff}; empty when nothing changed. */
export function unifiedDiff(path: string, before: string, after: string): string {
  return fileDiff(path, before, after).diff
}

/** The line counts of {@link fileDiff}. */
export function diffStat(before: string, after: string): {added: number; removed: number} {
  const {added, removed} = fileDiff('', before, after)
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
