// Walks a tree-sitter-bash tree to every simple command, with the scope, pipeline and redirections around it.

import type {Node} from 'web-tree-sitter'
import {childNodes} from './child-nodes.js'
import {emptyCommand, type Place, REDIRECT_TYPES, redirectsOf, simpleCommandOf} from './command-node.js'
import type {ShellWord, SimpleCommand} from './parsed-command.js'
import {wordsOf} from './word-nodes.js'

export interface TreeCommands {
  commands: SimpleCommand[]
  functions: string[]
  /** Set when the syntax nests deeper than MAX_SYNTAX_DEPTH: the rest is left to the fallback tokeniser. */
  truncated: boolean
}

interface Walker extends TreeCommands {
  scopes: number
  pipelines: number
}

/** Every simple command under `root`, in source order; loops over fixed words are unrolled. */
export function commandsOfTree(root: Node): TreeCommands {
  const walker: Walker = {commands: [], functions: [], scopes: 0, pipelines: 0, truncated: false}
  walk(root, {scope: '0', background: false, redirects: [], syntax: []}, walker)
  return {commands: walker.commands, functions: walker.functions, truncated: walker.truncated}
}

/** Nothing a person writes nests this deep; a command that does is treated as unparsable. */
const MAX_SYNTAX_DEPTH = 200

const STATEMENT_TYPES = new Set([
  'command', 'declaration_command', 'unset_command', 'variable_assignment', 'variable_assignments', 'pipeline', 'list',
  'subshell', 'compound_statement', 'redirected_statement', 'if_statement', 'while_statement', 'for_statement',
  'c_style_for_statement', 'case_statement', 'function_definition', 'negated_command', 'test_command',
])

function newScope(place: Place, walker: Walker): string {
  walker.scopes += 1
  return `${place.scope}.${walker.scopes}`
}

function walk(node: Node, place: Place, walker: Walker): void {
  if (place.syntax.length > MAX_SYNTAX_DEPTH) {
    walker.truncated = true
    return
  }
  const inside = {...place, syntax: [...place.syntax, node.type]}
  switch (node.type) {
    case 'comment':
    case 'heredoc_start':
    case 'heredoc_end':
      return
    case 'command':
    case 'declaration_command':
    case 'unset_command':
    case 'variable_assignment':
    case 'variable_assignments':
      walker.commands.push(simpleCommandOf(node, place))
      walkInsideCommand(node, inside, walker)
      return
    case 'function_definition': {
      const name = childNodes(node).find((child) => child.type === 'word')?.text
      if (name !== undefined) walker.functions.push(name)
      const body = {scope: newScope(place, walker), background: false, redirects: [], function: name, syntax: inside.syntax}
      walkChildren(node, body, walker)
      return
    }
    case 'subshell':
    case 'command_substitution':
    case 'process_substitution':
      walkChildren(node, {...inside, scope: newScope(place, walker), pipeline: undefined, background: false}, walker)
      return
    case 'pipeline':
      walkPipeline(childNodes(node).filter((child) => child.isNamed), [], inside, walker)
      return
    case 'redirected_statement':
      walkRedirected(node, inside, walker)
      return
    case 'for_statement':
      walkFor(node, inside, walker)
      return
    default:
      walkChildren(node, inside, walker)
  }
}

/** Loops over at most this many words are unrolled, so the body is seen with each value of its variable. */
const MAX_UNROLL = 16

/** `for x in a b; do …; done` → `x=a; …; x=b; …`: the classifier follows plain variables. */
function walkFor(node: Node, place: Place, walker: Walker): void {
  const parts = childNodes(node)
  const variable = parts.find((child) => child.type === 'variable_name')
  const inAt = parts.findIndex((child) => child.type === 'in')
  const body = parts.find((child) => child.type === 'do_group')
  const valueNodes = inAt === -1 ? [] : parts.slice(inAt + 1).filter((child) => child.isNamed && child !== body && child.type !== 'comment')
  for (const value of valueNodes) walk(value, place, walker)
  const values = valueNodes.flatMap((value) => wordsOf([value]))
  if (!variable || !body) return walkChildren(node, place, walker)
  const assign = (value: ShellWord | undefined): void => {
    const text = `${variable.text}=${value?.raw ?? '…'}`
    walker.commands.push({...emptyCommand(text, place), assignments: [{name: variable.text, value}]})
  }
  const rounds: Array<ShellWord | undefined> = inAt !== -1 && values.length <= MAX_UNROLL ? values : [undefined]
  for (const value of rounds) {
    assign(value)
    walk(body, place, walker)
  }
}

/** A command's assignments belong to it: only substitutions inside them are further commands. */
function walkInsideCommand(node: Node, place: Place, walker: Walker): void {
  for (const child of childNodes(node)) {
    if (child.type === 'variable_assignment' || child.type === 'variable_assignments') walkInsideCommand(child, place, walker)
    else walk(child, place, walker)
  }
}

/** Walks statements in order; one followed by `&` runs in the background. */
function walkChildren(node: Node, place: Place, walker: Walker): void {
  for (const child of childNodes(node)) {
    const background = child.nextSibling?.type === '&' && !child.nextSibling.isNamed
    walk(child, background ? {...place, background: true} : place, walker)
  }
}

/** Each element of a pipeline runs in its own subshell. */
function walkPipeline(elements: Node[], leading: Array<(place: Place) => void>, place: Place, walker: Walker): void {
  walker.pipelines += 1
  const id = walker.pipelines
  const size = leading.length + elements.length
  const at = (index: number): Place => ({
    ...place,
    scope: size > 1 ? newScope(place, walker) : place.scope,
    pipeline: size > 1 ? {id, index, size} : place.pipeline,
  })
  leading.forEach((walkLeading, index) => walkLeading(at(index)))
  elements.forEach((element, index) => walk(element, at(leading.length + index), walker))
}

function walkRedirected(node: Node, place: Place, walker: Walker): void {
  const parts = childNodes(node)
  const redirectNodes = parts.filter((child) => REDIRECT_TYPES.has(child.type))
  const redirects = redirectNodes.flatMap((child) => redirectsOf(child))
  const bodies = parts.filter((child) => child.isNamed && !REDIRECT_TYPES.has(child.type))
  // tree-sitter-bash hangs what follows a heredoc (`cat <<EOF | sh`, `&& x`) under the heredoc node.
  const trailing = redirectNodes.flatMap((redirect) => childNodes(redirect).filter((child) => STATEMENT_TYPES.has(child.type)))
  const pipedOn = trailing.find((child) => child.type === 'pipeline' && !childNodes(child)[0]?.isNamed)
  const walkBodies = (at: Place): void => {
    const withRedirects = {...at, redirects: [...at.redirects, ...redirects]}
    for (const body of bodies) walk(body, withRedirects, walker)
    // `> /dev/sda` alone still opens (and truncates) its target.
    if (bodies.length === 0) walker.commands.push(emptyCommand(node.text, withRedirects))
  }
  if (pipedOn) walkPipeline(childNodes(pipedOn).filter((child) => child.isNamed), [walkBodies], place, walker)
  else walkBodies(place)
  // Substitutions in redirect targets and unquoted heredoc bodies run too; so does what trails a heredoc.
  for (const redirect of redirectNodes) {
    for (const child of childNodes(redirect)) if (child !== pipedOn) walk(child, place, walker)
  }
}
