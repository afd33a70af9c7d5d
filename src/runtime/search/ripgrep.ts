import fs from 'node:fs/promises'
import path from 'node:path'

import {findExecutable} from '../process/find-executable.js'
import {type GrepMatch, type GrepRequest, type GrepResult, MAX_COUNTED} from './grep-request.js'
import {insideGitRepository} from './ignore-walker.js'
import {isRecord} from '../text/is-record.js'

/** How every match message of `rg --json` begins. */
const MATCH_MESSAGE = '{"type":"match"'

/**
 * The `rg` binary to use, or undefined for the JavaScript fallback. `LILLYCODER_RG` overrides the
 * PATH lookup: a path to the binary, or `0` to never use ripgrep.
 */
export function findRipgrep(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const override = env.LILLYCODER_RG
  if (override === '0') return Promise.resolve(undefined)
  if (override) return Promise.resolve(override)
  return findExecutable(process.platform === 'win32' ? 'rg.exe' : 'rg', env.PATH ?? '')
}

/**
 * Runs the grep with ripgrep, set up to answer as the JavaScript fallback does (same ignore rules,
 * dotfiles in, `.git` out, sorted by path). Returns undefined when ripgrep cannot run this search (not
 * found, or it rejects the pattern or glob): the caller then uses the fallback.
 */
export async function grepWithRipgrep(ripgrep: string, request: GrepRequest): Promise<GrepResult | undefined> {
  const invocation = await ripgrepInvocation(request)
  if (!invocation) return undefined
  const {execa} = await import('execa')
  request.signal.throwIfAborted() // the first import takes a while
  const subprocess = execa(ripgrep, invocation.args, {
    cwd: invocation.cwd,
    stdin: 'ignore',
    buffer: {stdout: false, stderr: true},
    reject: false,
    cancelSignal: request.signal,
  })
  const result: GrepResult = {matches: [], total: 0, countStopped: false, problems: [], engine: 'ripgrep'}
  let pending = ''
  let counting: string | undefined // once enough lines are shown: the unsearched tail of the output
  for await (const chunk of subprocess.stdout.setEncoding('utf8')) {
    if (counting !== undefined) {
      const counted = countMatchMessages(counting, String(chunk))
      counting = counted.tail
      result.total += counted.count
    } else {
      const split = splitLines(pending, String(chunk))
      pending = split.rest
      for (const line of split.lines) {
        const match = result.total < request.maxResults ? parseRipgrepMessage(line) : undefined
        if (match) result.matches.push({...match, path: invocation.shownPath(match.path)})
        if (match || line.startsWith(MATCH_MESSAGE)) result.total++
      }
      // Past the lines shown, matches are only counted, in the raw output: no split, no JSON.parse.
      if (result.total >= request.maxResults) counting = `\n${pending}`
    }
    if (result.total >= MAX_COUNTED) {
      result.total = MAX_COUNTED
      result.countStopped = true
      break
    }
  }
  if (result.countStopped) subprocess.kill()
  const done = await subprocess
  request.signal.throwIfAborted()
  if (!result.countStopped && !finishedWell(done, result)) return undefined
  return result
}

interface Finished {
  exitCode?: number
  stderr?: unknown
}

/** Exit 0 (matches) and 1 (none) are answers; 2 with only per-file errors is an answer with problems. */
function finishedWell(done: Finished, result: GrepResult): boolean {
  if (done.exitCode === 0 || done.exitCode === 1) return true
  if (done.exitCode !== 2) return false // not started (ENOENT), or killed
  const complaints = String(done.stderr ?? '').split('\n').filter(Boolean)
  // A pattern or glob ripgrep's engine rejects, or a regex over its size limit: the fallback can still run it.
  if (complaints.some((text) => /regex parse error|error parsing glob|size limit|compiled regex exceeds/i.test(text))) return false
  result.problems.push(...complaints.map((text) => text.replace(/^rg: /, '')))
  return true
}

interface Invocation {
  cwd: string
  args: string[]
  /** ripgrep's path (relative to cwd) as a workspace-relative one. */
  shownPath(path: string): string
}

/**
 * A directory is searched from inside (`cwd` = the directory, path `.`), because ripgrep matches
 * `-g` globs against paths relative to its working directory and ours are relative to the search path.
 */
async function ripgrepInvocation(request: GrepRequest): Promise<Invocation | undefined> {
  if (request.pattern.ripgrep === undefined) return undefined
  const {workspace, target} = request
  const args = ['--json', '--sort', 'path', '--no-config', '--hidden', '--no-ignore-global', '--color=never']
  args.push(request.ignoreCase ? '--ignore-case' : '--case-sensitive', '-e', request.pattern.ripgrep)
  if (target.kind === 'file') {
    return {cwd: workspace, args: [...args, '--', path.relative(workspace, target.path)], shownPath: (shown) => shown}
  }
  // Like the walker: git's reach inside a repository, every .gitignore outside one.
  if (!(await insideGitRepository(await fs.realpath(target.path)))) args.push('--no-require-git')
  for (const glob of request.glob?.ripgrepGlobs ?? []) args.push('-g', glob)
  args.push('-g', '!.git', '--', '.')
  const prefix = toPosix(path.relative(workspace, target.path))
  return {cwd: target.path, args, shownPath: (shown) => (prefix ? `${prefix}/${shown}` : shown)}
}

function toPosix(relative: string): string {
  return path.sep === '/' ? relative : relative.split(path.sep).join('/')
}

/**
 * Counts `rg --json` match messages in a stream without parsing it: each one starts a line. `tail`
 * is what the previous call returned (start with a newline), so a message cut in two counts once.
 */
export function countMatchMessages(tail: string, chunk: string): {count: number; tail: string} {
  const needle = `\n${MATCH_MESSAGE}`
  const text = tail + chunk
  let count = 0
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++
  // Too short to hold a whole needle, so nothing counted here is counted again.
  return {count, tail: text.slice(-(needle.length - 1))}
}

/** Cuts a stream into lines: the complete ones, and the start of the next (`rest`) to prepend to the next chunk. */
export function splitLines(rest: string, chunk: string): {lines: string[]; rest: string} {
  const lines = (rest + chunk).split('\n')
  return {lines, rest: lines.pop() ?? ''}
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

