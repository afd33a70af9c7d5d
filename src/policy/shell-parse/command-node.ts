// Reading one command node of the tree into a simple command: its words, assignments and redirections.

import type {Node} from 'web-tree-sitter'
import {childNodes} from './child-nodes.js'
import type {Assignment, Redirect, ShellWord, SimpleCommand} from './parsed-command.js'
import {literalWord} from './shell-words.js'
import {heredocWord, wordsOf} from './word-nodes.js'

/** Where a command sits: what the tree walk carries down to every command it finds. */
export type Place = Pick<SimpleCommand, 'scope' | 'pipeline' | 'background' | 'function' | 'redirects' | 'syntax'>

export const REDIRECT_TYPES = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect'])

export function emptyCommand(text: string, place: Place): SimpleCommand {
  return {
    text,
    argv: [],
    assignments: [],
    redirects: [...place.redirects],
    scope: place.scope,
    pipeline: place.pipeline,
    background: place.background,
    function: place.function,
    syntax: place.syntax,
    nested: [],
  }
}

export function simpleCommandOf(node: Node, place: Place): SimpleCommand {
  const argv: ShellWord[] = []
  const assignments: Assignment[] = []
  const redirects: Redirect[] = [...place.redirects]
  const parts = childNodes(node)
  if (node.type === 'variable_assignment') assignments.push(assignmentOf(node))
  else if (node.type === 'variable_assignments')
    assignments.push(...parts.filter((child) => child.type === 'variable_assignment').map(assignmentOf))
  else if (node.type === 'command') argumentsOfCommand(parts, argv, assignments, redirects)
  else {
    // export/local/declare/readonly/typeset/unset: the keyword, then names, flags and assignments.
    const [keyword, ...rest] = parts
    if (keyword) argv.push(literalWord(keyword.text))
    for (const child of rest) {
      if (REDIRECT_TYPES.has(child.type)) redirects.push(...redirectsOf(child))
      else if (child.isNamed && child.type !== 'comment') {
        if (child.type === 'variable_assignment') assignments.push(assignmentOf(child))
        argv.push(...wordsOf([child]))
      }
    }
  }
  return {...emptyCommand(node.text, place), argv, assignments, redirects}
}

function argumentsOfCommand(parts: Node[], argv: ShellWord[], assignments: Assignment[], redirects: Redirect[]): void {
  let pending: Node[] = []
  const flush = (): void => {
    argv.push(...wordsOf(pending))
    pending = []
  }
  for (const child of parts) {
    if (child.type === 'variable_assignment') assignments.push(assignmentOf(child))
    else if (REDIRECT_TYPES.has(child.type)) {
      flush()
      redirects.push(...redirectsOf(child))
    } else if (child.type === 'command_name') {
      flush()
      pending = childNodes(child)
      flush()
    } else if (child.type === 'comment' || (!child.isNamed && child.type !== '$')) flush()
    else {
      // Adjacent nodes are one word (`$"…"` comes as a `$` token and a string).
      const last = pending.at(-1)
      if (last && last.endIndex !== child.startIndex) flush()
      pending.push(child)
    }
  }
  flush()
}

function assignmentOf(node: Node): Assignment {
  const parts = childNodes(node)
  const name = parts.find((child) => child.type === 'variable_name' || child.type === 'subscript')?.text ?? ''
  const operator = parts.findIndex((child) => child.type === '=' || child.type === '+=')
  const valueNodes = operator === -1 ? [] : parts.slice(operator + 1)
  const array = valueNodes.find((child) => child.type === 'array')
  if (array) return {name, values: childNodes(array).filter((child) => child.isNamed).flatMap((child) => wordsOf([child]))}
  const value = valueNodes.length === 0 ? literalWord('') : wordsOf(valueNodes)[0]
  return {name, value}
}

export function redirectsOf(node: Node): Redirect[] {
  const parts = childNodes(node)
  const fd = parts.find((child) => child.type === 'file_descriptor')?.text
  const operator = parts.find((child) => !child.isNamed)?.text ?? ''
  if (node.type === 'heredoc_redirect') {
    const start = parts.find((child) => child.type === 'heredoc_start')?.text ?? ''
    const bodyNode = parts.find((child) => child.type === 'heredoc_body')
    const quoted = /['"\\]/.test(start)
    const body = bodyNode === undefined ? literalWord('') : quoted ? literalWord(bodyNode.text) : heredocWord(bodyNode)
    const inner = parts.filter((child) => child.type === 'file_redirect').flatMap((child) => redirectsOf(child))
    return [{operator, fd, body}, ...inner]
  }
  const targetNodes = parts.filter((child) => child.isNamed && child.type !== 'file_descriptor')
  const target = targetNodes.length > 0 ? wordsOf(targetNodes)[0] : undefined
  return [{operator, fd, target}]
}
