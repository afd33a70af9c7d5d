import {createRequire} from 'node:module'

import {TOOL_NAME_PATTERN} from '../runtime/tools/tool-name.js'
import {compileTextGlob} from './command-glob.js'

export type RuleAction = 'deny' | 'ask' | 'allow'

/** One way to name a path target: its absolute path, and its workspace-relative POSIX path when it is inside. */
export interface PathForm {
  absolute: string
  relative?: string
}

/** How a rule's pattern tests a target; which test applies depends on the target's kind, not the rule. */
export interface RuleMatcher {
  /** An absolute pattern (`/etc/**`, `~/.ssh/**`) tests the absolute path; a relative one only a path inside the workspace. */
  path(form: PathForm): boolean
  /** Command lines, package names and other text: `*` matches any characters. */
  text(value: string): boolean
}

/** A rule from a config file, e.g. `bash(git push*)` in the `deny` list of ./.lillycoderrc. */
export interface PolicyRule {
  action: RuleAction
  /** As written in the file. */
  text: string
  /** Absolute path of the file it came from. */
  source: string
  tool: string
  /** Absent when the rule names the tool alone: it then matches every call of that tool. */
  pattern?: string
  matcher?: RuleMatcher
}

export interface PolicyRuleSet {
  deny: readonly PolicyRule[]
  ask: readonly PolicyRule[]
  allow: readonly PolicyRule[]
}

export const NO_RULES: PolicyRuleSet = {deny: [], ask: [], allow: []}

/** minimatch refuses longer globs; since globs compile on first match, the limit is checked when the rule is read. */
const MAX_GLOB_LENGTH = 64 * 1024

export type ParsedRule = {ok: true; rule: PolicyRule} | {ok: false; problem: string}

/** Parses `tool` or `tool(pattern)`; `home` expands a pattern's leading `~/`. */
export function parseRule(text: string, action: RuleAction, source: string, home: string): ParsedRule {
  const trimmed = text.trim()
  if (trimmed === '') return {ok: false, problem: 'the rule is empty; write a tool name, e.g. "bash" or "bash(npm test*)"'}
  const open = trimmed.indexOf('(')
  if (open === -1 && trimmed.includes(')')) return {ok: false, problem: 'unbalanced parentheses: ")" without "("'}
  const tool = open === -1 ? trimmed : trimmed.slice(0, open).trim()
  if (!TOOL_NAME_PATTERN.test(tool))
    return {ok: false, problem: `"${tool}" is not a tool name (tool names are snake_case, like read_file); the form is tool or tool(pattern)`}
  if (open === -1) return {ok: true, rule: {action, text: trimmed, source, tool}}
  if (!trimmed.endsWith(')'))
    return {ok: false, problem: 'unbalanced parentheses: the pattern must end with ")", e.g. bash(npm test*)'}
  const pattern = trimmed.slice(open + 1, -1).trim()
  if (pattern === '') return {ok: false, problem: `the pattern in "()" is empty; write ${tool} alone to match every call`}
  if (pattern.length > MAX_GLOB_LENGTH) return {ok: false, problem: `the pattern is ${pattern.length} characters long; at most ${MAX_GLOB_LENGTH} are allowed`}
  const unbalanced = unbalancedBracket(pattern)
  if (unbalanced) return {ok: false, problem: `invalid pattern: ${unbalanced}`}
  return {ok: true, rule: {action, text: trimmed, source, tool, pattern, matcher: compileMatcher(pattern, home)}}
}

function compileMatcher(pattern: string, home: string): RuleMatcher {
  return {path: compilePathGlob(pattern, home), text: compileTextGlob(pattern)}
}

/**
 * Path globs use minimatch with `dot: true` (so `**` and `*` see dotfiles). `#` and `!` are literal
 * here: a rule that silently became a comment or a negation would match the wrong things.
 * The glob is compiled on its first match, not when the rule is parsed: rules are parsed at every
 * start-up and loading minimatch costs more than the rest of the policy together.
 */
function compilePathGlob(pattern: string, home: string): (form: PathForm) => boolean {
  const expanded = pattern === '~' ? home : pattern.startsWith('~/') ? `${home}${pattern.slice(1)}` : pattern
  const absolute = expanded.startsWith('/')
  let glob: {match(path: string): boolean} | undefined
  const matches = (path: string): boolean => {
    glob ??= new (loadMinimatch().Minimatch)(absolute ? expanded : stripDotSlash(expanded), {dot: true, nocomment: true, nonegate: true})
    return glob.match(path)
  }
  // A relative glob never sees a path outside the workspace: `**` would otherwise match `/etc/passwd`.
  return absolute ? (form) => matches(form.absolute) : (form) => form.relative !== undefined && matches(form.relative)
}

/** Matching is synchronous (the decision is pure), so minimatch is required, not imported, when the first glob needs it. */
function loadMinimatch(): typeof import('minimatch') {
  return createRequire(import.meta.url)('minimatch') as typeof import('minimatch')
}

function stripDotSlash(pattern: string): string {
  let rest = pattern
  while (rest.startsWith('./')) rest = rest.slice(2).replace(/^\/+/, '')
  return rest === '' ? '.' : rest
}

const CLOSES: Record<string, string> = {')': '(', ']': '[', '}': '{'}

/** Globs with an unclosed `[` or `{` would silently match literally; they are errors instead. */
function unbalancedBracket(pattern: string): string | undefined {
  const open: string[] = []
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]
    if (char === '\\') index++
    else if (char === '(' || char === '[' || char === '{') open.push(char)
    else if (char in CLOSES && open.pop() !== CLOSES[char]) return `unbalanced "${char}" at character ${index + 1}`
  }
  const last = open.at(-1)
  return last ? `unbalanced "${last}": it is never closed` : undefined
}
