import {createRequire} from 'node:module'
import {inlineScripts} from './classify-command.js'
import type {Node, Parser} from 'web-tree-sitter'

/** One piece of a shell word after quote removal; expansions keep their source text. */
export type WordPart =
  | {kind: 'literal'; text: string; quoted: boolean}
  /** An unquoted leading `~` or `~user` (empty user: the current user). */
  | {kind: 'tilde'; user: string}
  /**
   * `$NAME`, `${NAME}`, or `${NAME<operator><operand>}` for the operators `:-` `-` `:=` `=` `:?` `?` `:+` `+`
   * `%` `%%` `#` `##`: known only to whoever knows the variable. The operand is absent when not a literal.
   */
  | {kind: 'variable'; name: string; text: string; operator?: string; operand?: string; quoted?: boolean}
  /**
   * `$(…)`, backticks, `$((…))`, `<(…)`, `${x/a/b}`…: a value only known at run time, except
   * `$(echo word…)`, whose output (`value`) is plain to see.
   */
  | {kind: 'substitution'; text: string; value?: string; quoted?: boolean}

export interface ShellWord {
  /** The word as written. */
  raw: string
  /** After quote removal; expansions shown as written (`$HOME/x`). */
  text: string
  parts: WordPart[]
  /** True when a part is a variable or a substitution. */
  dynamic: boolean
}

export interface Redirect {
  /** `>`, `>>`, `&>`, `>|`, `<`, `<<`, `<<<`, `>&` … */
  operator: string
  fd?: string
  /** The file (or fd) it points at; absent for a heredoc. */
  target?: ShellWord
  /** A heredoc's body: literal when its delimiter was quoted. */
  body?: ShellWord
}

export interface Assignment {
  name: string
  /** The value; absent for an array. */
  value?: ShellWord
  /** The elements of an array (`a=(x y)`). */
  values?: ShellWord[]
}

/** A command with its arguments, wherever it sits in the script. */
export interface SimpleCommand {
  /** Its source text. */
  text: string
  /** Command name then arguments; empty for a bare assignment (`x=1`). */
  argv: ShellWord[]
  /** Leading `NAME=value` words, or the assignments of a bare assignment or `export`/`local`. */
  assignments: Assignment[]
  /** Its own redirections and those of every compound statement around it. */
  redirects: Redirect[]
  /** Subshell path (`0.3.7`): a `cd` or assignment affects commands in its scope and nested scopes only. */
  scope: string
  pipeline?: {id: number; index: number; size: number}
  /** Run with a trailing `&`. */
  background: boolean
  /** The function whose body holds it. */
  function?: string
  /** The syntax nodes around it, outermost first (`program`, `list`, `subshell`, `command_substitution` …). */
  syntax: string[]
  /** Scripts this command runs that were parsed again: `bash -c '…'`, `eval`, a heredoc into `sh` … */
  nested: Array<{script: string; parsed: ParsedCommand}>
}

export interface ParsedCommand {
  source: string
  /** Every simple command found anywhere in the tree, in source order. */
  commands: SimpleCommand[]
  /** Names of the functions the script defines. */
  functions: string[]
  hasErrors: boolean
  /** When the parse had errors: the commands a quote-aware tokeniser finds, classified as well. */
  fallback?: SimpleCommand[]
  /** How many scripts deep this parse is (0 for the command itself). */
  depth: number
}

/** Scripts inside scripts are parsed again up to this depth; deeper ones are left to the classifier as suspicious. */
export const MAX_NESTING = 6

let loading: Promise<Parser> | undefined

/**
 * Parses a bash command line into its simple commands, including those inside `bash -c` strings,
 * `eval` and the like. Loads the tree-sitter bash grammar (WASM) on first use only.
 */
export async function parseShell(command: string): Promise<ParsedCommand> {
  loading ??= loadParser()
  const parser = await loading.catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return parseWith(parser, command, 0)
}

/**
 * Every simple command of a parse, nested scripts included: what allow rules must all match. Bare
 * assignments (`x=1`) are left out (the commands of a `$(…)` in them are listed on their own); a
 * parse with errors should not be allowed by rule at all, so its fallback tokens are not listed.
 */
export function simpleCommands(parsed: ParsedCommand): Array<{text: string; argv: string[]; dynamic: boolean; depth: number}> {
  // An unrolled loop body appears once per value: list it once.
  const seen = new Set<string>()
  const distinct = parsed.commands.filter((command) => {
    const key = `${command.scope}\0${command.text}`
    if (seen.has(key) || (command.argv.length === 0 && command.redirects.length === 0)) return false
    seen.add(key)
    return true
  })
  return distinct.flatMap((command) => [
    {
      text: command.text,
      argv: command.argv.map((word) => word.text),
      dynamic: command.argv.some((word) => word.dynamic),
      depth: parsed.depth,
    },
    ...command.nested.flatMap((nested) => simpleCommands(nested.parsed)),
  ])
}

async function loadParser(): Promise<Parser> {
  // web-tree-sitter is heavy (a WASM runtime); only a bash call pays for it.
  const {Parser: TreeSitter, Language} = await import('web-tree-sitter')
  const require = createRequire(import.meta.url)
  let grammarPath: string
  try {
    grammarPath = require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')
  } catch (error) {
    throw new Error(
      'cannot find tree-sitter-bash.wasm: the shell classifier needs the tree-sitter-bash package; reinstall lillycoder\'s dependencies',
      {cause: error},
    )
  }
  await TreeSitter.init()
  const language = await Language.load(grammarPath)
  const parser = new TreeSitter()
  parser.setLanguage(language)
  return parser
}

function parseWith(parser: Parser, source: string, depth: number): ParsedCommand {
  const tree = parser.parse(source)
  if (!tree) throw new Error(`tree-sitter returned no tree for: ${source.slice(0, 80)}`)
  try {
    const walker: Walker = {commands: [], functions: [], scopes: 0, pipelines: 0, truncated: false}
    walk(tree.rootNode, {scope: '0', background: false, redirects: [], syntax: []}, walker)
    const hasErrors = tree.rootNode.hasError || walker.truncated
    const parsed: ParsedCommand = {source, commands: walker.commands, functions: walker.functions, hasErrors, depth}
    if (hasErrors) parsed.fallback = tokenizeCommands(source)
    if (depth < MAX_NESTING) {
      for (const {command, script} of inlineScripts(parsed)) {
        if (!command.nested.some((nested) => nested.script === script))
          command.nested.push({script, parsed: parseWith(parser, script, depth + 1)})
      }
    }
    return parsed
  } finally {
    tree.delete()
  }
}

// ---------------------------------------------------------------------------------------------
// The tree walk

interface Walker {
  commands: SimpleCommand[]
  functions: string[]
  scopes: number
  pipelines: number
  /** Set when the syntax nests deeper than MAX_SYNTAX_DEPTH: the rest is left to the fallback tokeniser. */
  truncated: boolean
}

/** Nothing a person writes nests this deep; a command that does is treated as unparsable. */
const MAX_SYNTAX_DEPTH = 200

interface Place {
  scope: string
  pipeline?: {id: number; index: number; size: number}
  background: boolean
  function?: string
  redirects: Redirect[]
  syntax: string[]
}

const REDIRECT_TYPES = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect'])
const STATEMENT_TYPES = new Set([
  'command', 'declaration_command', 'unset_command', 'variable_assignment', 'variable_assignments', 'pipeline', 'list',
  'subshell', 'compound_statement', 'redirected_statement', 'if_statement', 'while_statement', 'for_statement',
  'c_style_for_statement', 'case_statement', 'function_definition', 'negated_command', 'test_command',
])

function children(node: Node): Node[] {
  return node.children.filter((child): child is Node => child !== null)
}

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
      const name = children(node).find((child) => child.type === 'word')?.text
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
      walkPipeline(children(node).filter((child) => child.isNamed), [], inside, walker)
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
  const parts = children(node)
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
  for (const child of children(node)) {
    if (child.type === 'variable_assignment' || child.type === 'variable_assignments') walkInsideCommand(child, place, walker)
    else walk(child, place, walker)
  }
}

/** Walks statements in order; one followed by `&` runs in the background. */
function walkChildren(node: Node, place: Place, walker: Walker): void {
  for (const child of children(node)) {
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
  const parts = children(node)
  const redirectNodes = parts.filter((child) => REDIRECT_TYPES.has(child.type))
  const redirects = redirectNodes.flatMap((child) => redirectsOf(child))
  const bodies = parts.filter((child) => child.isNamed && !REDIRECT_TYPES.has(child.type))
  // tree-sitter-bash hangs what follows a heredoc (`cat <<EOF | sh`, `&& x`) under the heredoc node.
  const trailing = redirectNodes.flatMap((redirect) => children(redirect).filter((child) => STATEMENT_TYPES.has(child.type)))
  const pipedOn = trailing.find((child) => child.type === 'pipeline' && !children(child)[0]?.isNamed)
  const walkBodies = (at: Place): void => {
    const withRedirects = {...at, redirects: [...at.redirects, ...redirects]}
    for (const body of bodies) walk(body, withRedirects, walker)
    // `> /dev/sda` alone still opens (and truncates) its target.
    if (bodies.length === 0) walker.commands.push(emptyCommand(node.text, withRedirects))
  }
  if (pipedOn) walkPipeline(children(pipedOn).filter((child) => child.isNamed), [walkBodies], place, walker)
  else walkBodies(place)
  // Substitutions in redirect targets and unquoted heredoc bodies run too; so does what trails a heredoc.
  for (const redirect of redirectNodes) {
    for (const child of children(redirect)) if (child !== pipedOn) walk(child, place, walker)
  }
}

function emptyCommand(text: string, place: Place): SimpleCommand {
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

function simpleCommandOf(node: Node, place: Place): SimpleCommand {
  const argv: ShellWord[] = []
  const assignments: Assignment[] = []
  const redirects: Redirect[] = [...place.redirects]
  const parts = children(node)
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
      pending = children(child)
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
  const parts = children(node)
  const name = parts.find((child) => child.type === 'variable_name' || child.type === 'subscript')?.text ?? ''
  const operator = parts.findIndex((child) => child.type === '=' || child.type === '+=')
  const valueNodes = operator === -1 ? [] : parts.slice(operator + 1)
  const array = valueNodes.find((child) => child.type === 'array')
  if (array) return {name, values: children(array).filter((child) => child.isNamed).flatMap((child) => wordsOf([child]))}
  const value = valueNodes.length === 0 ? literalWord('') : wordsOf(valueNodes)[0]
  return {name, value}
}

function redirectsOf(node: Node): Redirect[] {
  const parts = children(node)
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

// ---------------------------------------------------------------------------------------------
// Words: quote removal, tilde, brace expansion

function literalWord(text: string): ShellWord {
  return {raw: text, text, parts: [{kind: 'literal', text, quoted: true}], dynamic: false}
}

/** Turns the nodes of one word into words (brace expansion can make several). */
function wordsOf(nodes: Node[]): ShellWord[] {
  if (nodes.length === 0) return []
  // The nodes of one word are adjacent, so their texts joined are the word as written.
  const raw = nodes.map((node) => node.text).join('')
  const parts = nodes.flatMap((node) => partsOf(node))
  return expandBraces(withTilde(parts)).map((expanded) => finishWord(raw, expanded))
}

function finishWord(raw: string, parts: WordPart[]): ShellWord {
  const merged = mergeLiterals(parts)
  const text = merged.map(renderPart).join('')
  const dynamic = merged.some((part) => part.kind === 'variable' || part.kind === 'substitution')
  return {raw, text, parts: merged, dynamic}
}

function renderPart(part: WordPart): string {
  switch (part.kind) {
    case 'literal':
      return part.text
    case 'tilde':
      return `~${part.user}`
    case 'variable':
    case 'substitution':
      return part.text
  }
}

function mergeLiterals(parts: WordPart[]): WordPart[] {
  const merged: WordPart[] = []
  for (const part of parts) {
    const previous = merged.at(-1)
    if (part.kind === 'literal' && part.text === '') continue
    if (part.kind === 'literal' && previous?.kind === 'literal' && previous.quoted === part.quoted)
      merged[merged.length - 1] = {...previous, text: previous.text + part.text}
    else merged.push(part)
  }
  if (merged.length === 0 && parts.length > 0) merged.push({kind: 'literal', text: '', quoted: true})
  return merged
}

function partsOf(node: Node): WordPart[] {
  switch (node.type) {
    case 'word':
      return unquotedParts(node.text)
    case 'raw_string':
      return [{kind: 'literal', text: node.text.slice(1, -1), quoted: true}]
    case 'ansi_c_string':
      return [{kind: 'literal', text: decodeAnsiC(node.text.slice(2, -1)), quoted: true}]
    case 'string':
    case 'translated_string':
      return stringParts(node)
    case 'simple_expansion':
      return [{kind: 'variable', name: node.text.slice(1), text: node.text}]
    case 'expansion':
      return [expansionPart(node)]
    case 'command_substitution':
      return [substitutionPart(node)]
    case 'process_substitution':
    case 'arithmetic_expansion':
      return [{kind: 'substitution', text: node.text}]
    case 'concatenation':
      return withGaps(node, 0, node.text.length, children(node), (child) => partsOf(child), false)
    default:
      return [{kind: 'literal', text: node.text, quoted: false}]
  }
}

/** Bash removes a backslash and keeps the next character literally; a backslash-newline vanishes. */
function unquotedParts(text: string): WordPart[] {
  const parts: WordPart[] = []
  let plain = ''
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]
    if (char === '\\' && index + 1 < text.length) {
      if (plain) parts.push({kind: 'literal', text: plain, quoted: false})
      plain = ''
      index += 1
      if (text[index] !== '\n') parts.push({kind: 'literal', text: text[index] ?? '', quoted: true})
    } else plain += char
  }
  if (plain) parts.push({kind: 'literal', text: plain, quoted: false})
  return parts
}

function stringParts(node: Node): WordPart[] {
  const inner = children(node).filter((child) => child.isNamed)
  const open = node.text.indexOf('"') + 1
  const close = node.text.endsWith('"') && node.text.length > open ? node.text.length - 1 : node.text.length
  // Inside double quotes an expansion is not split into words: mark it quoted.
  return withGaps(node, open, close, inner, (child) =>
    child.type === 'string_content'
      ? [{kind: 'literal', text: unescapeDoubleQuoted(child.text), quoted: true}]
      : partsOf(child).map((part) => (part.kind === 'variable' || part.kind === 'substitution' ? {...part, quoted: true} : part)),
  true)
}

function heredocWord(body: Node): ShellWord {
  const inner = children(body).filter((child) => child.isNamed)
  const parts = withGaps(body, 0, body.text.length, inner, (child) =>
    child.type === 'heredoc_content' ? [{kind: 'literal', text: child.text, quoted: true}] : partsOf(child),
  true)
  return finishWord(body.text, parts)
}

/** Parts of a node's children plus its text between them (from `from` to `to`), which tree-sitter does not always cover. */
function withGaps(
  owner: Node,
  from: number,
  to: number,
  inner: Node[],
  partsOfChild: (child: Node) => WordPart[],
  quoted: boolean,
): WordPart[] {
  const parts: WordPart[] = []
  let cursor = from
  const gap = (end: number): void => {
    if (end <= cursor) return
    const text = owner.text.slice(cursor, end)
    parts.push(...(quoted ? [{kind: 'literal' as const, text: unescapeDoubleQuoted(text), quoted: true}] : unquotedParts(text)))
  }
  for (const child of inner) {
    gap(child.startIndex - owner.startIndex)
    parts.push(...partsOfChild(child))
    cursor = Math.max(cursor, child.endIndex - owner.startIndex)
  }
  gap(to)
  return parts
}

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_, char: string) => (char === '\n' ? '' : char))
}

const EXPANSION_OPERATORS = new Set([':-', '-', ':=', '=', ':?', '?', ':+', '+', '%', '%%', '#', '##'])

function expansionPart(node: Node): WordPart {
  const inner = children(node).slice(1, -1)
  const [name, operator, ...rest] = inner
  // `${a[@]}`, `${a[0]}`: an array element is looked up like a variable named `a[@]`.
  if (name?.type === 'subscript' && operator === undefined) {
    const [array, index] = children(name).filter((child) => child.isNamed)
    if (array && index && /^(@|\*|\d+)$/.test(index.text)) return {kind: 'variable', name: `${array.text}[${index.text}]`, text: node.text}
  }
  if (name?.type !== 'variable_name' && name?.type !== 'special_variable_name') return {kind: 'substitution', text: node.text}
  if (operator === undefined) return {kind: 'variable', name: name.text, text: node.text}
  if (operator.isNamed || !EXPANSION_OPERATORS.has(operator.text)) return {kind: 'substitution', text: node.text}
  const operandParts = rest.flatMap((part) => partsOf(part))
  const literalOperand = operandParts.every((part) => part.kind === 'literal')
  const operand = literalOperand ? operandParts.map((part) => (part.kind === 'literal' ? part.text : '')).join('') : undefined
  return {kind: 'variable', name: name.text, text: node.text, operator: operator.text, operand}
}

const PLAIN_WORDS = new Set(['command_name', 'word', 'raw_string', 'number'])

/** `$(pwd)` and `$(whoami)` read like variables; `$(echo words)` prints its words. */
function substitutionPart(node: Node): WordPart {
  const statements = children(node).filter((child) => child.isNamed && child.type !== 'comment')
  const command = statements.length === 1 && statements[0]?.type === 'command' ? statements[0] : undefined
  const words = command ? children(command).filter((child) => child.isNamed) : []
  // Only plain words: anything with expansions inside is not a fixed output (and recursing would be quadratic).
  const plain = words.every((child) => PLAIN_WORDS.has(child.type) && (child.type !== 'command_name' || children(child).every((name) => name.type === 'word')))
  const argv = plain ? words.flatMap((child) => wordsOf(child.type === 'command_name' ? children(child) : [child])) : []
  const texts = argv.every((word) => !word.dynamic && word.parts.every((part) => part.kind === 'literal')) ? argv.map((word) => word.text) : []
  const [name, ...args] = texts
  if (name === 'pwd' && args.length === 0) return {kind: 'variable', name: 'PWD', text: node.text}
  if ((name === 'whoami' && args.length === 0) || (name === 'id' && args.join(' ') === '-un'))
    return {kind: 'variable', name: 'USER', text: node.text}
  if (name === 'echo' && !args.some((arg) => arg.startsWith('-'))) return {kind: 'substitution', text: node.text, value: args.join(' ')}
  return {kind: 'substitution', text: node.text}
}

const ANSI_C_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
}

/** Decodes the escapes of a `$'…'` string, so `$'\x73udo'` is seen as `sudo`. */
function decodeAnsiC(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs, (match, escape: string) => {
    const head = escape[0] ?? ''
    if (head === 'x' || head === 'u' || head === 'U') {
      const code = Number.parseInt(escape.slice(1), 16)
      return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd'
    }
    if (/[0-7]/.test(head)) return String.fromCharCode(Number.parseInt(escape, 8))
    if (head === 'c') return String.fromCharCode((escape.charCodeAt(1) ?? 64) & 31)
    return ANSI_C_ESCAPES[head] ?? match
  })
}

/** An unquoted leading `~` or `~name` (up to the first `/`) is a tilde expansion. */
function withTilde(parts: WordPart[]): WordPart[] {
  const [first, ...rest] = parts
  if (first?.kind !== 'literal' || first.quoted || !first.text.startsWith('~')) return parts
  const slash = first.text.indexOf('/')
  const end = slash === -1 ? first.text.length : slash
  // The prefix runs to the first unquoted slash; if a quoted or expanded part falls inside it, bash leaves it as is.
  if (slash === -1 && rest.length > 0) return parts
  const user = first.text.slice(1, end)
  if (!/^[\w.+-]*$/.test(user)) return parts
  return [{kind: 'tilde', user}, {kind: 'literal', text: first.text.slice(end), quoted: false}, ...rest]
}

const MAX_BRACE_WORDS = 256

interface Piece {
  char?: string
  quoted: boolean
  part?: WordPart
}

/** Bash brace expansion (`/{etc,usr}`, `{1..3}`) over the unquoted literal text of a word. */
function expandBraces(parts: WordPart[]): WordPart[][] {
  const unquoted = parts.some((part) => part.kind === 'literal' && !part.quoted && part.text.includes('{'))
  if (!unquoted) return [parts]
  const pieces: Piece[] = parts.flatMap((part): Piece[] =>
    part.kind === 'literal' ? [...part.text].map((char) => ({char, quoted: part.quoted})) : [{quoted: true, part}],
  )
  return expandPieces(pieces).slice(0, MAX_BRACE_WORDS).map(piecesToParts)
}

function expandPieces(pieces: Piece[]): Piece[][] {
  const isChar = (piece: Piece | undefined, char: string): boolean => piece?.char === char && !piece.quoted
  for (let open = 0; open < pieces.length; open += 1) {
    if (!isChar(pieces[open], '{')) continue
    let depth = 0
    const commas: number[] = []
    for (let index = open; index < pieces.length; index += 1) {
      if (isChar(pieces[index], '{')) depth += 1
      else if (isChar(pieces[index], '}')) {
        depth -= 1
        if (depth === 0) {
          const alternatives = braceAlternatives(pieces.slice(open + 1, index), commas.map((comma) => comma - open - 1))
          if (!alternatives) break
          const prefix = pieces.slice(0, open)
          const suffix = pieces.slice(index + 1)
          const words: Piece[][] = []
          for (const alternative of alternatives) {
            if (words.length >= MAX_BRACE_WORDS) break
            for (const word of expandPieces([...prefix, ...alternative, ...suffix])) {
              if (words.length >= MAX_BRACE_WORDS) return words
              words.push(word)
            }
          }
          return words
        }
      } else if (depth === 1 && isChar(pieces[index], ',')) commas.push(index)
    }
  }
  return [pieces]
}

function braceAlternatives(inner: Piece[], commas: number[]): Piece[][] | undefined {
  if (commas.length > 0) {
    const bounds = [-1, ...commas, inner.length]
    return bounds.slice(1).map((end, index) => inner.slice((bounds[index] ?? -1) + 1, end))
  }
  const text = inner.every((piece) => piece.char !== undefined) ? inner.map((piece) => piece.char).join('') : ''
  const range = /^(-?\d+|[a-zA-Z])\.\.(-?\d+|[a-zA-Z])$/.exec(text)
  if (!range) return undefined
  const [from, to] = [range[1] ?? '', range[2] ?? '']
  const numeric = /\d/.test(from)
  const start = numeric ? Number(from) : from.charCodeAt(0)
  const end = numeric ? Number(to) : to.charCodeAt(0)
  const step = start <= end ? 1 : -1
  const values: Piece[][] = []
  for (let value = start; step > 0 ? value <= end : value >= end; value += step) {
    const char = numeric ? String(value) : String.fromCharCode(value)
    values.push([...char].map((c) => ({char: c, quoted: true})))
    if (values.length >= MAX_BRACE_WORDS) break
  }
  return values
}

function piecesToParts(pieces: Piece[]): WordPart[] {
  return pieces.map((piece): WordPart =>
    piece.part ?? {kind: 'literal', text: piece.char ?? '', quoted: piece.quoted},
  )
}

// ---------------------------------------------------------------------------------------------
// The fallback tokeniser: for a command the grammar could not parse cleanly

const SEPARATORS = new Set([';', '&', '|', '\n', '(', ')', '`'])
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'case', 'esac', '!', '{', '}', 'in'])

/**
 * Splits a script into commands on unquoted separators and into words by shell quoting, without a
 * grammar. Used only when tree-sitter reports errors, so `sudo rm -rf / (` is still seen as `sudo`.
 */
function tokenizeCommands(source: string): SimpleCommand[] {
  const commands: SimpleCommand[] = []
  let words: ShellWord[] = []
  let redirects: Redirect[] = []
  let start = 0
  let pendingRedirect: string | undefined
  const endCommand = (end: number): void => {
    while (words[0] && KEYWORDS.has(words[0].text) && !words[0].parts.some((part) => part.kind === 'literal' && part.quoted))
      words.shift()
    const assignments: Assignment[] = []
    while (words[0] && /^[A-Za-z_]\w*=/.test(words[0].raw)) {
      const word = words.shift()
      if (word) assignments.push({name: word.raw.slice(0, word.raw.indexOf('=')), value: undefined})
    }
    if (words.length > 0 || redirects.length > 0) {
      commands.push({
        text: source.slice(start, end).trim(),
        argv: words,
        assignments,
        redirects,
        scope: '0',
        background: false,
        syntax: ['fallback'],
        nested: [],
      })
    }
    words = []
    redirects = []
  }
  let index = 0
  while (index < source.length) {
    const char = source[index] ?? ''
    if (char === ' ' || char === '\t') {
      index += 1
    } else if (char === '#' && (index === 0 || /\s/.test(source[index - 1] ?? ''))) {
      while (index < source.length && source[index] !== '\n') index += 1
    } else if (SEPARATORS.has(char) || source.startsWith('$(', index)) {
      endCommand(index)
      index += char === '$' ? 2 : 1
      start = index
    } else {
      const redirect = /^(\d*|&)(>>|>&|>\||>|<<<|<>|<&|<)/.exec(source.slice(index))
      if (redirect) {
        pendingRedirect = redirect[2]
        index += redirect[0].length
        continue
      }
      const {word, end} = readWord(source, index)
      index = end
      if (pendingRedirect !== undefined) {
        redirects.push({operator: pendingRedirect, target: word})
        pendingRedirect = undefined
      } else words.push(word)
    }
  }
  endCommand(source.length)
  return commands
}

/** Reads one word: quotes, escapes and `$NAME` expansions; an unterminated quote runs to the end. */
function readWord(source: string, from: number): {word: ShellWord; end: number} {
  const parts: WordPart[] = []
  let index = from
  const stop = (char: string): boolean => /\s/.test(char) || SEPARATORS.has(char) || char === '<' || char === '>'
  while (index < source.length && !stop(source[index] ?? ' ')) {
    const char = source[index] ?? ''
    if (char === "'") {
      const close = source.indexOf("'", index + 1)
      const end = close === -1 ? source.length : close
      parts.push({kind: 'literal', text: source.slice(index + 1, end), quoted: true})
      index = end + 1
    } else if (char === '"') {
      let end = index + 1
      while (end < source.length && source[end] !== '"') end += source[end] === '\\' ? 2 : 1
      parts.push(...doubleQuotedParts(source.slice(index + 1, Math.min(end, source.length))))
      index = end + 1
    } else if (char === '\\') {
      if (source[index + 1] !== '\n') parts.push({kind: 'literal', text: source[index + 1] ?? '', quoted: true})
      index += 2
    } else if (char === '$' && source.startsWith("$'", index)) {
      const close = source.indexOf("'", index + 2)
      const end = close === -1 ? source.length : close
      parts.push({kind: 'literal', text: decodeAnsiC(source.slice(index + 2, end)), quoted: true})
      index = end + 1
    } else if (char === '$') {
      const variable = /^\$(\{[^}]*\}?|[A-Za-z_]\w*|[0-9@*#?$!-])/.exec(source.slice(index))
      const text = variable?.[0] ?? '$'
      parts.push(variable ? variablePart(text) : {kind: 'literal', text, quoted: false})
      index += text.length
    } else {
      parts.push({kind: 'literal', text: char, quoted: false})
      index += 1
    }
  }
  const raw = source.slice(from, Math.min(index, source.length))
  return {word: finishWord(raw, withTilde(mergeLiterals(parts))), end: Math.min(index, source.length)}
}

function doubleQuotedParts(text: string): WordPart[] {
  const parts: WordPart[] = []
  let plain = ''
  let index = 0
  while (index < text.length) {
    const variable = text[index] === '$' ? /^\$(\{[^}]*\}?|[A-Za-z_]\w*|[0-9@*#?$!-])/.exec(text.slice(index)) : null
    if (variable) {
      if (plain) parts.push({kind: 'literal', text: plain, quoted: true})
      plain = ''
      parts.push(variablePart(variable[0], true))
      index += variable[0].length
    } else if (text[index] === '\\' && /[$`"\\\n]/.test(text[index + 1] ?? '')) {
      plain += text[index + 1] === '\n' ? '' : text[index + 1]
      index += 2
    } else {
      plain += text[index]
      index += 1
    }
  }
  if (plain) parts.push({kind: 'literal', text: plain, quoted: true})
  return parts
}

function variablePart(text: string, quoted = false): WordPart {
  const braced = /^\$\{([A-Za-z_]\w*|[0-9@*#?$!-])(?:(:?[-=?+]|%%?|##?)(.*))?\}$/s.exec(text)
  if (braced) {
    const operand = braced[3]?.replace(/^(["'])(.*)\1$/s, '$2')
    return {kind: 'variable', name: braced[1] ?? '', text, operator: braced[2], operand: braced[2] ? operand : undefined, quoted}
  }
  if (text.startsWith('${')) return {kind: 'substitution', text, quoted}
  return {kind: 'variable', name: text.slice(1), text, quoted}
}
