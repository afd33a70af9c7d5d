import {dominantLineEnding, withLineEnding} from './line-endings.js'
import {describeNearMiss} from './near-miss.js'
import {ToolError} from '../tools/tool-error.js'

export interface ExactEdit {
  old_string: string
  new_string: string
  /** Replace every occurrence; otherwise old_string must occur exactly once. */
  replace_all?: boolean
  /** The file, as error messages should name it. */
  path?: string
}

/** At most this many line numbers are listed in an error. */
const MAX_LISTED = 10

/** Where an exact edit replaces text: spans of the original text (ascending, not overlapping) and what goes in each. */
export interface ReplacePlan {
  spans: Array<{start: number; end: number}>
  /** new_string with the file's dominant line ending. */
  replacement: string
}

/**
 * Replaces `old_string` in `text` exactly (no fuzzy matching), or throws a ToolError saying why
 * not: not found (with the nearest misses), or found several times without replace_all.
 * Line endings: the model writes `\n`; the match runs on LF-normalised text, new_string takes the
 * file's dominant line ending, and every byte outside the replaced spans stays as it was.
 */
export function replaceExact(text: string, edit: ExactEdit): string {
  return applyReplacePlan(text, planReplaceExact(text, edit))
}

/** The spans {@link replaceExact} would replace, without building the new text (a big file need not be copied). */
export function planReplaceExact(text: string, edit: ExactEdit): ReplacePlan {
  const name = edit.path ?? 'the file'
  const needle = toLf(edit.old_string)
  if (needle.length === 0) {
    throw new ToolError({what: 'old_string is empty', hint: 'copy the text to change from read_file, or use write_file to replace the whole file'})
  }
  if (needle === toLf(edit.new_string)) {
    throw new ToolError({what: 'old_string and new_string are the same', why: 'the edit would change nothing', hint: 'put the changed text in new_string'})
  }

  const {lf, rawIndex} = normalise(text)
  const starts = findAll(lf, needle)
  if (starts.length === 0) {
    const {why, hint} = describeNearMiss(lf, needle)
    throw new ToolError({what: `old_string was not found in ${name}`, why, hint})
  }
  if (starts.length > 1 && !edit.replace_all) {
    throw new ToolError({
      what: `old_string occurs ${starts.length} times in ${name} (${listLines(lineNumbers(lf, starts))})`,
      why: 'edit_file replaces exactly one occurrence unless replace_all is true',
      hint: 'add surrounding lines to old_string so it matches once, or pass replace_all: true to change every one',
    })
  }
  return {
    spans: starts.map((start) => ({start: rawIndex(start), end: rawIndex(start + needle.length)})),
    replacement: withLineEnding(edit.new_string, dominantLineEnding(text)),
  }
}

/** The text with the plan applied. */
export function applyReplacePlan(text: string, plan: ReplacePlan): string {
  let result = ''
  let cursor = 0
  for (const {start, end} of plan.spans) {
    result += text.slice(cursor, start) + plan.replacement
    cursor = end
  }
  return result + text.slice(cursor)
}

/**
 * The new file as pieces of the old one's bytes and the replacement's: nothing of the file is copied, so an edit
 * of a large file needs little more than the file once as bytes and once as text. `bytes` must be `text` as
 * valid UTF-8 (then every offset below is exact).
 */
export function replacedBytes(bytes: Uint8Array, text: string, plan: ReplacePlan): Uint8Array[] {
  const replacement = Buffer.from(plan.replacement)
  const pieces: Uint8Array[] = []
  let charCursor = 0
  let byteCursor = 0
  for (const {start, end} of plan.spans) {
    const byteStart = byteCursor + Buffer.byteLength(text.slice(charCursor, start))
    pieces.push(bytes.subarray(byteCursor, byteStart), replacement)
    byteCursor = byteStart + Buffer.byteLength(text.slice(start, end))
    charCursor = end
  }
  pieces.push(bytes.subarray(byteCursor))
  return pieces.filter((piece) => piece.length > 0)
}

const toLf = (text: string) => text.replace(/\r\n/g, '\n')

/**
 * LF-normalised text, and a map from its indexes back to the original's. An index maps past
 * every CR removed before it, so a span ending just before a line break leaves its CR in place.
 */
function normalise(text: string): {lf: string; rawIndex: (index: number) => number} {
  const removedAt: number[] = []
  for (let raw = text.indexOf('\r\n'); raw !== -1; raw = text.indexOf('\r\n', raw + 2)) {
    removedAt.push(raw - removedAt.length)
  }
  if (removedAt.length === 0) return {lf: text, rawIndex: (index) => index}
  return {lf: toLf(text), rawIndex: (index) => index + countBelow(removedAt, index)}
}

/** How many entries of the ascending `sorted` are below `value` (binary search). */
function countBelow(sorted: number[], value: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (sorted[middle] < value) low = middle + 1
    else high = middle
  }
  return low
}

/** Start indexes of the non-overlapping occurrences of `needle`, left to right. */
function findAll(haystack: string, needle: string): number[] {
  const starts: number[] = []
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    starts.push(at)
  }
  return starts
}

/** 1-based line numbers of ascending indexes into `text`. */
function lineNumbers(text: string, indexes: number[]): number[] {
  let line = 1
  let from = 0
  return indexes.map((index) => {
    for (let at = text.indexOf('\n', from); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++
    from = index
    return line
  })
}

function listLines(lines: number[]): string {
  const shown = lines.slice(0, MAX_LISTED).join(', ')
  const more = lines.length > MAX_LISTED ? ` and ${lines.length - MAX_LISTED} more` : ''
  return `${lines.length === 1 ? 'line' : 'lines'} ${shown}${more}`
}
