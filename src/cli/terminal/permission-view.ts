import type {PermissionRequest} from '../../runtime/agent/prompter.js'
import type {Colors} from './colors.js'
import {clipLine} from './format-call.js'

const MAX_BODY_LINES = 40

/** What the gate shows for a call: a headline naming it, and the diff or command below, cut with a count. */
export function renderPermissionRequest(request: PermissionRequest, persona: {name: string; emoji: string}, colors: Colors): string {
  const {call, preview} = request
  const name = call.tool.name
  const command = typeof call.args.command === 'string' ? call.args.command : undefined
  const headline = command !== undefined ? `${name}:` : `${name}: ${preview?.summary ?? clipLine(JSON.stringify(call.args), 200)}`
  const lines = [`${persona.emoji} ${persona.name} wants to: ${colors.bold(headline)}`]
  if (command !== undefined) lines.push(...cut(command.split('\n')).map((line) => `   ${colors.bold(line)}`))
  if (preview?.diff) lines.push(...cut(preview.diff.replace(/\n$/, '').split('\n')).map((line) => `   ${colorDiffLine(line, colors)}`))
  if (preview?.detail && preview.detail !== command) lines.push(...cut(preview.detail.split('\n')).map((line) => `   ${line}`))
  if (request.decision.reason.code === 'rule-ask' || request.decision.reason.code === 'unparsable')
    lines.push(colors.dim(`   (${request.decision.reason.message})`))
  lines.push(`   ${colors.cyan('[y]es  [n]o  [a]lways for this tool  [p]ath: always for this exact target')}`)
  return lines.join('\n')
}

export type ParsedAnswer = {kind: 'yes'} | {kind: 'no'; reason?: string} | {kind: 'always'} | {kind: 'path'} | {kind: 'again'}

/** y, n (optionally followed by a reason), a, p; anything else asks again. */
export function parsePermissionAnswer(input: string): ParsedAnswer {
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
      return rest.length === 0 ? {kind: 'path'} : {kind: 'again'}
    default:
      return {kind: 'again'}
  }
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
