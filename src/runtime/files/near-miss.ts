/** Lines of old_string compared at each position of the file; bounds the work on huge inputs. */
const MAX_NEEDLE_LINES = 50
/** Below this similarity (0–1) a line is not worth naming as the closest. */
const MIN_SIMILARITY = 0.5
const MAX_QUOTED_CHARS = 120

/**
 * Why `needle` (old_string, LF) is not in `text` (LF), for the model to fix its next try:
 * where it matches once whitespace is ignored, or the best-aligned place and the first line
 * that differs there, or the closest single line — with line numbers and the file's own text.
 */
export function describeNearMiss(text: string, needle: string): {why: string; hint: string} {
  const fileLines = text.split('\n')
  const needleLines = needle.split('\n')
  const file = fileLines.map(squash)
  const wanted = needleLines.map(squash)

  if (hasReadFilePrefixes(needleLines)) {
    return {
      why: 'old_string starts its lines with line numbers from read_file, which are not part of the file',
      hint: 'copy only the text after the tab that follows each line number',
    }
  }
  const hint = 'copy old_string exactly from read_file output (indentation included), or read the file again if it changed'

  const loose = looseMatches(file, wanted)
  if (loose.length > 0) {
    const where = loose.length === 1 ? `line ${loose[0] + 1}` : `lines ${loose.slice(0, 10).map((at) => at + 1).join(', ')}`
    // Quote the first line whose whitespace differs, so the model sees the file's own spacing.
    const k = Math.max(0, needleLines.findIndex((line, k) => !fits(fileLines[loose[0] + k], line, k, needleLines.length)))
    const differing = loose[0] + k
    return {
      why: `it matches at ${where} only when whitespace is ignored, so indentation or spacing differs; line ${differing + 1} is ${quote(fileLines[differing])}`,
      hint,
    }
  }

  const aligned = wanted.length > 1 ? bestAlignment(file, wanted) : undefined
  if (aligned) {
    const fileLine = aligned.start + aligned.firstDifference
    const differs = fileLine < fileLines.length
      ? `line ${fileLine + 1} of the file is ${quote(fileLines[fileLine])} where old_string has ${quote(needleLines[aligned.firstDifference])}`
      : 'old_string goes on past the end of the file'
    return {why: `the closest place starts at line ${aligned.start + 1}, but ${differs}`, hint}
  }

  const closest = closestLine(file, wanted)
  if (closest !== undefined) return {why: `the closest line is ${closest + 1}: ${quote(fileLines[closest])}`, hint}
  return {why: 'no line of the file resembles it', hint: 'read the file again to see its current content'}
}

/** A line with runs of whitespace collapsed and the ends trimmed: what "ignoring whitespace" compares. */
const squash = (line: string) => line.replace(/\s+/g, ' ').trim()

const quote = (line: string) =>
  JSON.stringify(line.length > MAX_QUOTED_CHARS ? `${line.slice(0, MAX_QUOTED_CHARS)}…` : line)

function hasReadFilePrefixes(lines: string[]): boolean {
  const filled = lines.filter((line) => line.trim() !== '')
  return filled.length > 0 && filled.every((line) => /^ *\d+\t/.test(line))
}

/**
 * Whether wanted line `k` (of `count`) fits a squashed file line. old_string may begin and end
 * mid-line, so its first line only has to end the file line and its last to begin one.
 */
function fits(fileLine: string, wanted: string, k: number, count: number): boolean {
  if (count === 1) return fileLine.includes(wanted)
  if (k === 0) return fileLine.endsWith(wanted)
  if (k === count - 1) return fileLine.startsWith(wanted)
  return fileLine === wanted
}

/** 0-based file lines where every wanted line fits. */
function looseMatches(file: string[], wanted: string[]): number[] {
  const starts: number[] = []
  for (let start = 0; start + wanted.length <= file.length; start++) {
    if (wanted.every((line, k) => fits(file[start + k], line, k, wanted.length))) starts.push(start)
  }
  return starts
}

/** The start where the most non-blank wanted lines fit, and the first wanted line that does not. */
function bestAlignment(file: string[], wanted: string[]): {start: number; firstDifference: number} | undefined {
  const compared = wanted.slice(0, MAX_NEEDLE_LINES)
  let best: {start: number; score: number} | undefined
  for (let start = 0; start < file.length; start++) {
    let score = 0
    compared.forEach((line, k) => {
      if (line !== '' && start + k < file.length && fits(file[start + k], line, k, wanted.length)) score++
    })
    if (score > 0 && (!best || score > best.score)) best = {start, score}
  }
  // One stray `}` lining up says nothing; at least half of the lines must agree.
  const filled = compared.filter((line) => line !== '').length
  if (!best || best.score * 2 < filled) return undefined
  const {start} = best
  const firstDifference = wanted.findIndex((line, k) => start + k >= file.length || !fits(file[start + k], line, k, wanted.length))
  return firstDifference === -1 ? undefined : {start, firstDifference}
}

/** The file line most similar to the longest wanted line, if any is similar enough. */
function closestLine(file: string[], wanted: string[]): number | undefined {
  const target = wanted.reduce((longest, line) => (line.length > longest.length ? line : longest), '')
  if (target === '') return undefined
  const targetPairs = bigrams(target)
  let best: {index: number; score: number} | undefined
  file.forEach((line, index) => {
    // Dice similarity can be at most 2·shorter/(sum of lengths); skip lines that cannot beat the best.
    const bound = (2 * Math.min(line.length, target.length)) / (line.length + target.length)
    if (bound < (best?.score ?? MIN_SIMILARITY)) return
    const score = dice(targetPairs, bigrams(line))
    if (score >= (best?.score ?? MIN_SIMILARITY) && (!best || score > best.score)) best = {index, score}
  })
  return best?.index
}

function bigrams(text: string): Map<string, number> {
  const pairs = new Map<string, number>()
  if (text.length < 2) pairs.set(text, 1)
  for (let i = 0; i + 2 <= text.length; i++) {
    const pair = text.slice(i, i + 2)
    pairs.set(pair, (pairs.get(pair) ?? 0) + 1)
  }
  return pairs
}

/** Sørensen–Dice coefficient of two bigram multisets: 1 for equal strings, 0 for nothing shared. */
function dice(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0
  let total = 0
  for (const [pair, count] of a) {
    shared += Math.min(count, b.get(pair) ?? 0)
    total += count
  }
  for (const count of b.values()) total += count
  return total === 0 ? 0 : (2 * shared) / total
}
