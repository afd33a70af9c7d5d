import {FILE_HEADERS_ONLY, formatPatch, structuredPatch, type StructuredPatch} from 'diff'

import type {ReplacePlan} from './exact-replace.js'
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

/** Past this many characters around an edit's spans, its diff is not computed (replace_all across a big file). */
const MAX_WINDOW_CHARS = 1024 * 1024

/**
 * {@link fileDiff} of an exact edit, computed on the lines around its spans only (with their context), so the
 * cost follows the edit, not the file: a one-line change to a 50 MB file diffs a few lines.
 */
export function replacementDiff(path: string, before: string, plan: ReplacePlan): FileDiff {
  const {spans, replacement} = plan
  if (spans.length === 0) return {added: 0, removed: 0, diff: ''}
  let from = lineStart(before, spans[0].start)
  let to = lineEnd(before, spans[spans.length - 1].end - 1)
  for (let line = 0; line < CONTEXT_LINES; line++) {
    if (from > 0) from = lineStart(before, from - 1)
    if (to < before.length) to = lineEnd(before, to)
  }
  if (to - from > MAX_WINDOW_CHARS) {
    const removed = spans.reduce((sum, {start, end}) => sum + countLines(before.slice(lineStart(before, start), lineEnd(before, end - 1))), 0)
    const added = spans.length * countLines(replacement)
    return {added, removed, diff: `--- a/${path}\n+++ b/${path}\n(diff not shown: ${spans.length} replacements spread over ${formatCount(to - from)} characters)\n`}
  }
  let after = ''
  let cursor = from
  for (const {start, end} of spans) {
    after += before.slice(cursor, start) + replacement
    cursor = end
  }
  after += before.slice(cursor, to)
  const window = fileDiff(path, before.slice(from, to), after)
  if (from === 0 || window.diff === '') return window
  const offset = countBreaks(before, from)
  return {...window, diff: window.diff.replace(/^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@/gm, (_all, oldStart, oldCount = '', newStart, newCount = '') => `@@ -${Number(oldStart) + offset}${oldCount} +${Number(newStart) + offset}${newCount} @@`)}
}

/** Where the line holding `index` starts. */
function lineStart(text: string, index: number): number {
  return index <= 0 ? 0 : text.lastIndexOf('\n', index - 1) + 1
}

/** Just past the end (its line break included) of the line holding `index`. */
function lineEnd(text: string, index: number): number {
  const end = text.indexOf('\n', Math.max(0, index))
  return end === -1 ? text.length : end + 1
}

/** Line breaks before `end`, counted without copying. */
function countBreaks(text: string, end: number): number {
  let count = 0
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) count++
  return count
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US')
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
