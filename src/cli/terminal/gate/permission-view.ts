import path from 'node:path'

import {describeAlways} from '../../../policy/command-grant.js'
import type {PermissionRequest} from '../../../runtime/agent/prompter.js'
import type {Colors} from '../colors.js'
import {clipLine} from '../format-call.js'
import {describeNewFile} from './new-file-preview.js'

const MAX_BODY_LINES = 40

/** What the gate shows besides the request itself. */
export interface GateView {
  /** A new file's first lines, ready to show (new-file-preview.ts newFileLines). */
  newFileLines?: string[]
  /** Shortens a command's working directory to `~/…`. */
  home?: string
}

/** The answers a request offers: `p` only where the call has path targets; what `a` grants, in words. */
export interface OfferedAnswers {
  keys: string[]
  always: string
}

export function offeredAnswers(request: PermissionRequest): OfferedAnswers {
  const paths = request.call.targets.some((target) => target.kind === 'path')
  const always = request.decision.onAlways ? describeAlways(request.decision.onAlways) : 'always for this tool'
  return {keys: paths ? ['y', 'n', 'a', 'p'] : ['y', 'n', 'a'], always}
}

/** The answers line: `[y]es  [n]o  [a]lways for npm test …` and, for paths, `[p]ath: …`. */
export function answersLine(offered: OfferedAnswers): string {
  const choices = ['[y]es', '[n]o', `[a]${offered.always.slice(1)}`]
  if (offered.keys.includes('p')) choices.push('[p]ath: always for this exact target')
  return choices.join('  ')
}

/** What the gate shows for a call: a headline naming it; the command and where it runs, a new file's content, or the diff below. */
export function renderPermissionRequest(request: PermissionRequest, persona: {name: string; emoji: string}, colors: Colors, view: GateView = {}): string {
  const {call, preview} = request
  const name = call.tool.name
  const command = typeof call.args.command === 'string' ? call.args.command : undefined
  const headline = command !== undefined ? `${name}:` : `${name}: ${preview?.summary ?? clipLine(JSON.stringify(call.args), 200)}`
  const lines = [`${persona.emoji} ${persona.name} wants to: ${colors.bold(headline)}`]
  if (command !== undefined) lines.push(...cut(command.split('\n')).map((line) => `   ${colors.bold(line)}`))
  if (preview?.cwd) lines.push(`   ${colors.dim(`in ${tildePath(preview.cwd, view.home)}`)}`)
  if (preview?.content !== undefined) {
    lines.push(`   ${colors.dim(describeNewFile(preview.content))}`)
    lines.push(...(view.newFileLines ?? []).map((line) => `   ${colors.dim('│')} ${line}`))
  }
  if (preview?.diff) lines.push(...cut(preview.diff.replace(/\n$/, '').split('\n')).map((line) => `   ${colorDiffLine(line, colors)}`))
  if (preview?.detail && preview.detail !== command) lines.push(...cut(preview.detail.split('\n')).map((line) => `   ${line}`))
  if (request.decision.reason.code === 'rule-ask' || request.decision.reason.code === 'unparsable')
    lines.push(colors.dim(`   (${request.decision.reason.message})`))
  lines.push(`   ${colors.cyan(answersLine(offeredAnswers(request)))}`)
  return lines.join('\n')
}

export type ParsedAnswer = {kind: 'yes'} | {kind: 'no'; reason?: string} | {kind: 'always'} | {kind: 'path'} | {kind: 'again'}

/** y, n (optionally followed by a reason), a, p (when offered); anything else asks again. */
export function parsePermissionAnswer(input: string, offered: readonly string[] = ['y', 'n', 'a', 'p']): ParsedAnswer {
  const text = input.trim()
  const [word, ...rest] = text.split(/\s+/)
  const reason = rest.join(' ').trim()
  switch (word.toLowerCase()) {
    case 'y':
    case 'yes':
      return rest.length === 0 ? {kind: 'yes'} : {kind: 'again'}
    case 'n':
    case 'no':
      return reason ? {kind: 'no', reason} : {kind: 'no'}
    case 'a':
    case 'always':
      return rest.length === 0 ? {kind: 'always'} : {kind: 'again'}
    case 'p':
    case 'path':
      return rest.length === 0 && offered.includes('p') ? {kind: 'path'} : {kind: 'again'}
    default:
      return {kind: 'again'}
  }
}

/** `/home/u/proj/sub` → `~/proj/sub`. */
function tildePath(dir: string, home: string | undefined): string {
  return home && (dir === home || dir.startsWith(`${home}${path.sep}`)) ? `~${dir.slice(home.length)}` : dir
}

function cut(lines: string[]): string[] {
  if (lines.length <= MAX_BODY_LINES) return lines
  return [...lines.slice(0, MAX_BODY_LINES), `… ${lines.length - MAX_BODY_LINES} more lines not shown`]
}

function colorDiffLine(line: string, colors: Colors): string {
  if (line.startsWith('+++') || line.startsWith('---')) return colors.bold(line)
  if (line.startsWith('+')) return colors.green(line)
  if (line.startsWith('-')) return colors.red(line)
  if (line.startsWith('@@')) return colors.cyan(line)
  return line
}
