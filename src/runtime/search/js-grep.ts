import {closeSync, openSync, readFileSync, readSync} from 'node:fs'
import path from 'node:path'

import {errorText} from '../text/error-text.js'
import {createPacer} from './event-loop-pacer.js'
import {BINARY_SNIFF_BYTES, grepSeesBinary, type Utf16Encoding, utf16Encoding} from '../files/file-kind.js'
import type {GrepPattern} from './grep-pattern.js'
import {type GrepMatch, type GrepRequest, type GrepResult, MAX_COUNTED} from './grep-request.js'
import {walkWorkspaceInBatches} from './ignore-walker.js'

const CHUNK_BYTES = BINARY_SNIFF_BYTES
const NEWLINE = 0x0a

interface FileHits {
  /** The first matching lines (at most the number the caller keeps). */
  lines: Array<{line: number; text: string}>
  /** Every matching line in the file. */
  count: number
}

/**
 * The fallback when ripgrep is not installed (or cannot run the pattern): the same walk, the same
 * binary rule and the same line semantics, so it answers exactly as ripgrep does. Files are read in
 * 64 KB chunks; once enough lines are collected the rest is only counted, up to MAX_COUNTED.
 *
 * Reads are synchronous: for thousands of small files they took a sixth of the time of the promise
 * API here (180 ms against 1,100 ms for 16,700 files), and the loop yields every 10 ms instead.
 */
export async function grepWithJavaScript(request: GrepRequest): Promise<GrepResult> {
  const result: GrepResult = {matches: [], total: 0, countStopped: false, problems: [], engine: 'javascript'}
  const files = request.target.kind === 'file' ? singleFile(request) : walkFiles(request, result.problems)
  const reader: Reader = {buffer: Buffer.allocUnsafe(CHUNK_BYTES), pace: createPacer(request.signal)}
  for await (const file of files) {
    const keep = request.maxResults - result.matches.length
    let hits: FileHits
    try {
      hits = await searchFile(file.absolutePath, request.pattern, keep, reader)
    } catch (error) {
      if (request.signal.aborted) throw error
      // A file that vanished or cannot be opened mid-walk is reported, as ripgrep reports it.
      result.problems.push(`${file.path}: ${errorText(error)}`)
      continue
    }
    for (const hit of hits.lines) result.matches.push({path: file.path, ...hit} satisfies GrepMatch)
    result.total += hits.count
    if (result.total >= MAX_COUNTED) {
      // Where ripgrep's count stops too, so both say the same.
      result.total = MAX_COUNTED
      result.countStopped = true
      break
    }
  }
  request.signal.throwIfAborted()
  return result
}

interface FileToSearch {
  path: string
  absolutePath: string
}

async function* singleFile(request: GrepRequest): AsyncGenerator<FileToSearch> {
  const relative = path.relative(request.workspace, request.target.path)
  yield {path: path.sep === '/' ? relative : relative.split(path.sep).join('/'), absolutePath: request.target.path}
}

async function* walkFiles(request: GrepRequest, problems: string[]): AsyncGenerator<FileToSearch> {
  const walk = walkWorkspaceInBatches({
    workspace: request.workspace,
    root: request.target.path,
    glob: request.glob,
    signal: request.signal,
    onUnreadable: (shown, error) => problems.push(`${shown}: ${errorText(error)}`),
  })
  for await (const batch of walk) {
    for (const entry of batch) if (entry.kind === 'file') yield entry
  }
}

/** One read buffer for the whole search, and the pacer that gives the event loop its turns. */
interface Reader {
  buffer: Buffer
  pace: () => Promise<void>
}

/** Searches one file line by line, `keep`ing the first matching lines; stops at a NUL byte as ripgrep does. */
async function searchFile(file: string, pattern: GrepPattern, keep: number, reader: Reader): Promise<FileHits> {
  const hits: FileHits = {lines: [], count: 0}
  const {buffer} = reader
  const descriptor = openSync(file, 'r')
  try {
    let bytesRead = readSync(descriptor, buffer, 0, buffer.length, null)
    const firstChunk = buffer.subarray(0, bytesRead)
    const encoding = utf16Encoding(firstChunk)
    if (encoding) return searchUtf16(readFileSync(file), encoding, pattern, keep)
    // A NUL in the first chunk: binary, skipped. A NUL later: stop there, keep what was found before.
    if (grepSeesBinary(firstChunk)) return hits
    // The unfinished last line waits for the next chunk, in copies: the buffer is read into again.
    let carry: Buffer[] = []
    let lineNumber = 1
    let start = hasUtf8Bom(buffer, bytesRead) ? 3 : 0
    while (bytesRead > 0) {
      const chunk = buffer.subarray(start, bytesRead)
      const lastNewline = chunk.lastIndexOf(NEWLINE)
      if (lastNewline < 0) {
        carry.push(Buffer.from(chunk))
      } else {
        const lines = carry.length > 0 ? Buffer.concat([...carry, chunk.subarray(0, lastNewline)]) : chunk.subarray(0, lastNewline)
        lineNumber = searchBlock(lines.toString('utf8'), lineNumber, pattern, hits, keep)
        carry = [Buffer.from(chunk.subarray(lastNewline + 1))]
      }
      start = 0
      await reader.pace()
      bytesRead = readSync(descriptor, buffer, 0, buffer.length, null)
      if (buffer.subarray(0, bytesRead).includes(0)) return hits
    }
    const lastLine = Buffer.concat(carry)
    if (lastLine.length > 0) searchBlock(lastLine.toString('utf8'), lineNumber, pattern, hits, keep)
    return hits
  } finally {
    closeSync(descriptor)
  }
}

/** Searches whole lines joined by `\n`; returns the number of the line after the block. */
function searchBlock(block: string, firstLine: number, pattern: GrepPattern, hits: FileHits, keep: number): number {
  // One test over the block rules most blocks out without splitting them into lines.
  if (pattern.block && !pattern.block.test(block)) return firstLine + countNewlines(block) + 1
  const lines = block.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]
    if (!pattern.line.test(line)) continue
    hits.count++
    if (hits.lines.length < keep) hits.lines.push({line: firstLine + index, text: line.endsWith('\r') ? line.slice(0, -1) : line})
  }
  return firstLine + lines.length
}

/** ripgrep reads a file with a UTF-16 byte order mark as UTF-16; so do we (whole: such files are small). */
function searchUtf16(bytes: Buffer, encoding: Utf16Encoding, pattern: GrepPattern, keep: number): FileHits {
  const text = new TextDecoder(encoding).decode(bytes)
  const hits: FileHits = {lines: [], count: 0}
  if (text.slice(0, CHUNK_BYTES).includes('\0')) return hits
  searchBlock(text.endsWith('\n') ? text.slice(0, -1) : text, 1, pattern, hits, keep)
  return hits
}

function hasUtf8Bom(buffer: Buffer, length: number): boolean {
  return length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf
}

function countNewlines(text: string): number {
  let count = 0
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) count++
  return count
}
