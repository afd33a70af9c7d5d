/**
 * A text whose middle may have been cut out: what was kept, and exactly how much went.
 * Head and tail are what matter in command output (the first error, the final summary).
 */
export interface HeadTail {
  head: string
  /** Empty when nothing was cut (the whole text is then in `head`). */
  tail: string
  /** UTF-8 bytes cut from between head and tail; 0 when nothing was cut. */
  elidedBytes: number
  /** Line breaks among the cut bytes. */
  elidedLines: number
}

const NEWLINE = 0x0a

/** Keeps at most `maxBytes` (UTF-8) of `text`: its head and tail, with a marker saying how much was cut. */
export function elideMiddle(text: string, maxBytes: number): string {
  return renderHeadTail(keepHeadTail(text, maxBytes))
}

/**
 * Shrinks a text, or an already shrunk one, to at most `maxBytes` of head plus tail. Cuts fall on
 * character boundaries and, when that keeps at least half of a side, on line boundaries.
 */
export function keepHeadTail(source: string | HeadTail, maxBytes: number): HeadTail {
  const kept = typeof source === 'string' ? {head: source, tail: '', elidedBytes: 0, elidedLines: 0} : source
  const budget = Math.max(0, Math.floor(maxBytes))
  if (utf8Length(kept.head) + utf8Length(kept.tail) <= budget) return kept

  // Nothing cut yet means head and tail are one contiguous text; otherwise they are cut separately.
  const [before, after] = kept.elidedBytes === 0 ? splitContiguous(kept.head + kept.tail, budget) : [kept.head, kept.tail]
  const half = Math.floor(budget / 2)
  const beforeBytes = utf8Length(before)
  const afterBytes = utf8Length(after)
  let head: string
  let tail: string
  if (beforeBytes <= half) {
    head = before
    tail = keepEnd(after, budget - beforeBytes)
  } else if (afterBytes <= budget - half) {
    tail = after
    head = keepStart(before, budget - afterBytes)
  } else {
    head = keepStart(before, half)
    tail = keepEnd(after, budget - utf8Length(head))
  }

  return {
    head,
    tail,
    elidedBytes: kept.elidedBytes + beforeBytes - utf8Length(head) + afterBytes - utf8Length(tail),
    elidedLines: kept.elidedLines + countNewlines(before) - countNewlines(head) + countNewlines(after) - countNewlines(tail),
  }
}

/** Head, marker, tail; or the text unchanged when nothing was cut. */
export function renderHeadTail({head, tail, elidedBytes, elidedLines}: HeadTail): string {
  if (elidedBytes === 0) return head + tail
  const breakBefore = head === '' || head.endsWith('\n') ? '' : '\n'
  return `${head}${breakBefore}${elisionMarker(elidedLines, elidedBytes)}\n${tail}`
}

export function elisionMarker(lines: number, bytes: number): string {
  return `… [${lines} ${lines === 1 ? 'line' : 'lines'} / ${bytes} ${bytes === 1 ? 'byte' : 'bytes'} elided] …`
}

/** The longest prefix of at most `maxBytes`, ending after a line break when one is in its second half. */
export function keepStart(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length <= maxBytes) return text
  let end = Math.max(0, maxBytes)
  while (end > 0 && isContinuationByte(bytes[end])) end--
  const lastBreak = bytes.subarray(0, end).lastIndexOf(NEWLINE)
  if (lastBreak >= 0 && lastBreak + 1 >= end / 2) end = lastBreak + 1
  return bytes.toString('utf8', 0, end)
}

/** The longest suffix of at most `maxBytes`, starting after a line break when one is in its first half. */
export function keepEnd(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length <= maxBytes) return text
  let start = bytes.length - Math.max(0, maxBytes)
  while (start < bytes.length && isContinuationByte(bytes[start])) start++
  const firstBreak = bytes.indexOf(NEWLINE, start)
  if (firstBreak >= 0 && firstBreak + 1 - start <= (bytes.length - start) / 2) start = firstBreak + 1
  return bytes.toString('utf8', start)
}

export function countNewlines(text: string | Uint8Array): number {
  let count = 0
  if (typeof text === 'string') {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++
  } else {
    for (let at = text.indexOf(NEWLINE); at !== -1; at = text.indexOf(NEWLINE, at + 1)) count++
  }
  return count
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** A contiguous text over budget: its first half-budget stays "before", the rest is "after". */
function splitContiguous(text: string, budget: number): [string, string] {
  const before = keepStart(text, Math.floor(budget / 2))
  return [before, text.slice(before.length)]
}

function isContinuationByte(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80
}
