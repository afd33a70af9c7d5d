// What a word comes to, given what is known of its variables: `${DIR:-/}`, `~user`, `${f%.txt}` …

import {posix} from 'node:path'
import type {ShellWord, WordPart} from '../shell-parse/parsed-command.js'
import {globMatches} from './glob-match.js'

/** Looks a variable up; null when its value is only known at run time. */
export type VariableLookup = (name: string) => string | null

export interface Resolved {
  /** The value, when every part of the word is known. */
  known?: string
  /** The value when unknown variables take the defaults written beside them (`${DIR:-/}`); absent when one has none. */
  likely?: string
  /** The value with unknown parts left empty (or their default): what an unset variable would make of it. */
  worst: string
}

const DEFAULTING = new Set([':-', '-', ':=', '='])

export function resolveWord(word: ShellWord, variable: VariableLookup): Resolved {
  let known: string | undefined = ''
  let likely: string | undefined = ''
  let worst = ''
  for (const part of word.parts) {
    const value = partValue(part, variable)
    if (value !== null) {
      if (known !== undefined) known += value
      if (likely !== undefined) likely += value
      worst += value
      continue
    }
    known = undefined
    const fallback = part.kind === 'variable' && DEFAULTING.has(part.operator ?? '') ? part.operand : undefined
    likely = fallback === undefined || likely === undefined ? undefined : likely + fallback
    worst += fallback ?? ''
  }
  return {known, likely, worst}
}

function partValue(part: WordPart, variable: VariableLookup): string | null {
  switch (part.kind) {
    case 'literal':
      return part.text
    case 'tilde': {
      if (part.user === '') return variable('HOME')
      if (part.user === '+') return variable('PWD')
      if (part.user === '-') return null
      if (part.user === 'root') return '/root'
      const home = variable('HOME')
      const parent = home === null ? '/home' : posix.dirname(home)
      return posix.join(parent === '/' ? '/home' : parent, part.user)
    }
    case 'variable':
      return variableValue(part, variable(part.name))
    case 'substitution':
      return part.value ?? null
  }
}

function variableValue(part: Extract<WordPart, {kind: 'variable'}>, value: string | null): string | null {
  const operand = part.operand ?? null
  switch (part.operator) {
    case undefined:
    case ':?':
    case '?':
    case '-':
    case '=':
      return value
    case ':-':
    case ':=':
      return value === '' ? operand : value
    case ':+':
      return value === null ? null : value === '' ? '' : operand
    case '+':
      return value === null ? null : operand
    default:
      return value === null || operand === null ? null : trimPattern(value, part.operator, operand)
  }
}

/** `${v%pat}`, `${v%%pat}`, `${v#pat}`, `${v##pat}`: remove the shortest or longest matching suffix or prefix. */
function trimPattern(value: string, operator: string, pattern: string): string {
  const cuts = [...Array(value.length + 1).keys()]
  if (operator === '%' || operator === '%%') {
    const order = operator === '%' ? cuts.reverse() : cuts
    const cut = order.find((index) => globMatches(pattern, value.slice(index)))
    return cut === undefined ? value : value.slice(0, cut)
  }
  const order = operator === '#' ? cuts : cuts.reverse()
  const cut = order.find((index) => globMatches(pattern, value.slice(0, index)))
  return cut === undefined ? value : value.slice(cut)
}
