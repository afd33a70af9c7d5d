import path from 'node:path'

import {FirstMatches} from './first-matches.js'
import {type GrepMatch, type GrepRequest, type GrepResult, MAX_COUNTED} from './grep-request.js'
import {startRipgrep} from './ripgrep-process.js'
import {ripgrepArguments, ripgrepProblems, ripgrepWalk} from './ripgrep-walk.js'
import {isRecord} from '../text/is-record.js'

/** How every match message of `rg --json` begins, and every message that opens a file's matches. */
const MATCH_MESSAGE = '{"type":"match"'
const BEGIN_MESSAGE = '{"type":"begin"'

interface Invocation {
  cwd: string
  /** The command line for these output flags. */
  args(outputFlags: readonly string[]): string[]
  shownPath(ripgrepPath: string): string
}

/**
 * How ripgrep reports matches. `text` (`path NUL line:text` per matching line) is a sixth of `--json`'s bytes and
 * needs no JSON.parse; when a line of it could be misread (ripgrep writes a path that is not UTF-8 as `\xNN`, and a
 * binary file named as the target as a sentence), the search is run again with `--json`, which says it exactly.
 */
type OutputFormat = 'text' | 'json'

/** A line of text output that cannot be read exactly: the search is asked again in JSON. */
const MISREAD = Symbol('misread')

/** Exported for the benchmark, which holds bare rg to the same output. */
export const OUTPUT_FLAGS: Record<OutputFormat, readonly string[]> = {
  text: ['--null', '--line-number', '--with-filename', '--no-heading', '--color=never'],
  json: ['--json', '--color=never'],
}

/**
 * Runs the grep with ripgrep, set up to answer as the JavaScript fallback does (same ignore rules,
 * dotfiles in, `.git` out, the first lines in path order). ripgrep searches on all its threads and
 * reports files in any order; the first `maxResults` lines in path order are picked afterwards.
 * Returns undefined when ripgrep cannot run this search (not found, it rejects the pattern or
 * glob, or it fails mid-way): the caller then uses the fallback.
 */
export async function grepWithRipgrep(ripgrep: string, request: GrepRequest): Promise<GrepResult | undefined> {
  const invocation = await ripgrepInvocation(request)
  if (!invocation) return undefined
  const fast = await searchIn(ripgrep, invocation, request, 'text')
  if (fast !== MISREAD) return fast
  const exact = await searchIn(ripgrep, invocation, request, 'json')
  return exact === MISREAD ? undefined : exact // JSON output is never misread
}

async function searchIn(ripgrep: string, invocation: Invocation, request: GrepRequest, format: OutputFormat): Promise<GrepResult | undefined | typeof MISREAD> {
  const everything = await runGrep(ripgrep, invocation, request, 'count', format)
  // One file is reported in order; a directory whose count stopped before ripgrep had reported every
  // file may miss lines from earlier paths: a sorted run gives the first ones, and stops once it has them.
  if (everything === MISREAD || !everything?.countStopped || request.target.kind === 'file') return everything
  const sorted = await runGrep(ripgrep, {...invocation, args: (flags) => ['--sort', 'path', ...invocation.args(flags)]}, request, 'show', format)
  if (sorted === MISREAD) return MISREAD
  return sorted && {...everything, matches: sorted.matches}
}

/** 'count' reads until MAX_COUNTED matching lines; 'show' stops once it has the lines to show (for sorted output). */
type ReadUntil = 'count' | 'show'

async function runGrep(ripgrep: string, invocation: Invocation, request: GrepRequest, until: ReadUntil, format: OutputFormat): Promise<GrepResult | undefined | typeof MISREAD> {
  const subprocess = startRipgrep(ripgrep, invocation.args(OUTPUT_FLAGS[format]), {cwd: invocation.cwd, signal: request.signal})
  const first = new FirstMatches(request.maxResults)
  const result: GrepResult = {matches: [], total: 0, countStopped: false, problems: [], engine: 'ripgrep'}
  let pending = ''
  let file: string | undefined // the file whose matches are being reported, as shown
  let reported: string | undefined // that file as ripgrep wrote it (text output)
  let keptInFile = 0
  let shown = 0
  let stoppedEarly = false
  let misread = false
  reading: for await (const chunk of subprocess.stdout) {
    const split = splitLines(pending, chunk)
    pending = split.rest
    for (const line of split.lines) {
      if (format === 'text') {
        if (line === '') continue
        const match = parseRipgrepTextLine(line)
        if (!match) {
          misread = true
          break reading
        }
        if (match.path !== reported) {
          reported = match.path
          file = invocation.shownPath(match.path)
          keptInFile = 0
        }
        result.total++
        if (file === undefined || !first.wants(file, keptInFile)) continue
        first.add({path: file, line: match.line, text: match.text})
        keptInFile++
        shown++
      } else if (line.startsWith(BEGIN_MESSAGE)) {
        const begun = parseBeginPath(line)
        file = begun === undefined ? undefined : invocation.shownPath(begun)
        keptInFile = 0
      } else if (line.startsWith(MATCH_MESSAGE)) {
        result.total++
        // Lines that can never be shown are only counted: no JSON.parse.
        if (file === undefined || !first.wants(file, keptInFile)) continue
        const match = parseRipgrepMessage(line)
        if (!match) continue
        first.add({...match, path: file})
        keptInFile++
        shown++
      }
    }
    if (result.total >= MAX_COUNTED) {
      result.total = MAX_COUNTED
      result.countStopped = true
    }
    stoppedEarly = result.countStopped || (until === 'show' && shown >= request.maxResults)
    if (stoppedEarly) break
  }
  if (stoppedEarly || misread) subprocess.kill()
  const done = await subprocess.done
  request.signal.throwIfAborted()
  if (misread) return MISREAD
  if (!stoppedEarly) {
    const problems = ripgrepProblems(done)
    if (!problems) return undefined
    result.problems.push(...problems)
  }
  result.matches = first.result()
  return result
}

/**
 * A directory is searched from inside (`cwd` = the directory, path `.`), because ripgrep matches
 * `-g` globs against paths relative to its working directory and ours are relative to the search path.
 */
async function ripgrepInvocation(request: GrepRequest): Promise<Invocation | undefined> {
  if (request.pattern.ripgrep === undefined) return undefined
  const {workspace, target} = request
  const matcher = [request.ignoreCase ? '--ignore-case' : '--case-sensitive', '-e', request.pattern.ripgrep]
  if (target.kind === 'file') {
    const file = path.relative(workspace, target.path)
    return {
      cwd: workspace,
      args: (flags) => [...flags, ...matcher, '--no-config', '--hidden', '--no-ignore-global', '--', file],
      shownPath: (shown) => shown.replace(/^\.\//, ''),
    }
  }
  const walk = await ripgrepWalk(workspace, target.path, request.glob)
  return {cwd: walk.cwd, args: (flags) => ripgrepArguments([...flags, ...matcher], walk), shownPath: walk.shownPath}
}

// ripgrep's text output writes a path byte that is not UTF-8 as `\xNN`; such a path is read from --json instead.
const ESCAPED_BYTE = /\\x[0-9a-fA-F]{2}/

/**
 * One line of ripgrep's text output (`--null --line-number --with-filename --no-heading`): `path NUL line:text`.
 * Undefined for anything that is not exactly that, or whose path ripgrep escaped: the caller asks again in JSON.
 */
export function parseRipgrepTextLine(line: string): GrepMatch | undefined {
  const nul = line.indexOf('\0')
  if (nul <= 0) return undefined
  const colon = line.indexOf(':', nul + 1)
  const lineNumber = colon < 0 ? Number.NaN : Number(line.slice(nul + 1, colon))
  if (!Number.isInteger(lineNumber) || lineNumber < 1) return undefined
  const filePath = line.slice(0, nul)
  if (ESCAPED_BYTE.test(filePath)) return undefined
  return {path: filePath, line: lineNumber, text: line.slice(colon + 1).replace(/\r$/, '')}
}

/** Cuts a stream into lines: the complete ones, and the start of the next (`rest`) to prepend to the next chunk. */
export function splitLines(rest: string, chunk: string): {lines: string[]; rest: string} {
  const lines = (rest + chunk).split('\n')
  return {lines, rest: lines.pop() ?? ''}
}

/** The path of a `begin` message of `rg --json` (a file with matches starts), or undefined for any other line. */
export function parseBeginPath(line: string): string | undefined {
  if (!line.startsWith(BEGIN_MESSAGE)) return undefined
  const message: unknown = JSON.parse(line)
  return isRecord(message) && isRecord(message.data) ? textOf(message.data.path) : undefined
}

/** One line of `rg --json`: a match becomes a GrepMatch; `begin`, `end`, `summary` and context are skipped. */
export function parseRipgrepMessage(line: string): GrepMatch | undefined {
  if (!line.startsWith(MATCH_MESSAGE)) return undefined
  const message: unknown = JSON.parse(line)
  if (!isRecord(message) || !isRecord(message.data)) return undefined
  const {path: file, lines, line_number: lineNumber} = message.data
  const filePath = textOf(file)
  const text = textOf(lines)
  if (filePath === undefined || text === undefined || typeof lineNumber !== 'number') return undefined
  return {path: filePath.replace(/^\.\//, ''), line: lineNumber, text: text.replace(/\n$/, '').replace(/\r$/, '')}
}

/** ripgrep's JSON gives text as `{text}`, or as `{bytes}` (base64) when it is not valid UTF-8. */
function textOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined
  if (typeof value.text === 'string') return value.text
  return typeof value.bytes === 'string' ? Buffer.from(value.bytes, 'base64').toString('utf8') : undefined
}
