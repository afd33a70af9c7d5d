import {createReadStream} from 'node:fs'

/** One line of a file, without its line break. */
export interface FileLine {
  /** 1-based. */
  number: number
  /** The line, cut to `maxLineChars`. */
  text: string
  /** How many characters were cut off the end (0 for most lines). */
  cut: number
}

export interface ReadLinesOptions {
  signal?: AbortSignal
  /** Longer lines are cut so that one minified line cannot fill memory. Default 2,000. */
  maxLineChars?: number
}

/**
 * Streams the lines of a UTF-8 file (LF or CRLF). Stopping early (`break`) closes the file,
 * so only what was consumed is read. A last line without a line break still counts.
 */
export async function* readLines(file: string, options: ReadLinesOptions = {}): AsyncGenerator<FileLine> {
  const maxLineChars = options.maxLineChars ?? 2000
  let line = emptyLine(1)
  const stream = createReadStream(file, {encoding: 'utf8', signal: options.signal, highWaterMark: 64 * 1024})
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      line = appendTo(line, chunk.slice(start, end), maxLineChars)
      yield finish(line)
      line = emptyLine(line.number + 1)
      start = end + 1
    }
    line = appendTo(line, chunk.slice(start), maxLineChars)
  }
  if (line.length > 0) yield finish(line)
}

/** A line being collected: the kept text, its full length so far, and whether it ends in CR. */
interface PartialLine {
  number: number
  text: string
  length: number
  endsWithCr: boolean
}

const emptyLine = (number: number): PartialLine => ({number, text: '', length: 0, endsWithCr: false})

function appendTo(line: PartialLine, piece: string, maxLineChars: number): PartialLine {
  if (piece.length === 0) return line
  const room = maxLineChars - line.text.length
  return {
    number: line.number,
    text: room > 0 ? line.text + piece.slice(0, room) : line.text,
    length: line.length + piece.length,
    endsWithCr: piece.endsWith('\r'),
  }
}

function finish(line: PartialLine): FileLine {
  const length = line.endsWithCr ? line.length - 1 : line.length
  const text = line.text.slice(0, length)
  return {number: line.number, text, cut: length - text.length}
}
