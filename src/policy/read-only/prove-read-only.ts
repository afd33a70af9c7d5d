import type {ParsedCommand, Redirect, ShellWord, SimpleCommand} from '../shell-parse/parsed-command.js'
import {type ProgramRule, READ_ONLY_PROGRAMS} from './read-only-programs.js'

/**
 * What the pure proof found. Proven: every simple command is a known read-only program with harmless
 * options; the edge still has to check that the files it names (`paths`, `globs` once expanded) are
 * inside the workspace, and, when git runs, that the repository's own config names no program.
 */
export type ReadOnlyVerdict =
  | {proven: true; paths: string[]; globs: string[]; usesGit: boolean}
  | {proven: false; why: string}

/** Output may go to /dev/null (discarded) or to another descriptor (`2>&1`); anything else could write a file. */
const DISCARD = '/dev/null'

class NotReadOnly extends Error {}

/**
 * Proves a parsed command line read-only, or says what stands in the way. Pure. Conservative: an
 * unknown program, a variable or substitution, an assignment, a redirection into a file, a function,
 * a background job or a parse error is not proven.
 */
export function proveReadOnly(parsed: ParsedCommand): ReadOnlyVerdict {
  try {
    if (parsed.hasErrors || parsed.fallback) refuse('the command could not be parsed completely')
    if (parsed.functions.length > 0) refuse('it defines a function')
    if (parsed.commands.length === 0) refuse('it runs no command')
    const found = {paths: [] as string[], globs: [] as string[], usesGit: false}
    for (const command of parsed.commands) {
      const {paths, globs, git} = proveCommand(command)
      found.paths.push(...paths)
      found.globs.push(...globs)
      found.usesGit ||= git
    }
    return {proven: true, paths: unique(found.paths), globs: unique(found.globs), usesGit: found.usesGit}
  } catch (error) {
    if (error instanceof NotReadOnly) return {proven: false, why: error.message}
    throw error
  }
}

function refuse(why: string): never {
  throw new NotReadOnly(why)
}

function proveCommand(command: SimpleCommand): {paths: string[]; globs: string[]; git: boolean} {
  const [nameWord, ...argWords] = command.argv
  const inputs = command.redirects.flatMap((redirect) => redirectReads(redirect, command))
  if (command.assignments.length > 0) refuse(`${command.text} sets a variable`)
  if (!nameWord) refuse(`${command.text} runs no program`)
  if (command.background) refuse(`${command.text} runs in the background`)
  if (command.nested.length > 0) refuse(`${command.text} runs a script`)
  const name = staticText(nameWord)
  if (name.includes('/')) refuse(`${name} is a program named by its path, not a known read-only program`)
  const rule = Object.hasOwn(READ_ONLY_PROGRAMS, name) ? READ_ONLY_PROGRAMS[name] : undefined
  if (!rule) return refuse(`${name} is not a program known to only read`)
  const args = argWords.map(staticText)
  const why = programRefusal(name, rule, args)
  if (why !== undefined) refuse(why)
  const reads = rule.textOperands ? [] : argWords.flatMap((word, index) => readCandidates(word, args, index))
  const all = [...reads, ...inputs]
  return {paths: all.filter((read) => !read.glob).map((read) => read.text), globs: all.filter((read) => read.glob).map((read) => read.text), git: name === 'git'}
}

/** A word whose text is known now: no variable, substitution or `~`. */
function staticText(word: ShellWord): string {
  if (word.dynamic) refuse(`${word.raw} is only known when the command runs`)
  if (word.parts.some((part) => part.kind === 'tilde')) refuse(`${word.raw} names a home directory, outside the workspace`)
  return word.text
}

function programRefusal(name: string, rule: ProgramRule, args: readonly string[]): string | undefined {
  const optionsEnd = args.indexOf('--')
  const options = (optionsEnd === -1 ? args : args.slice(0, optionsEnd)).filter((arg) => arg.startsWith('-') && arg !== '-')
  for (const option of options) {
    if (option.startsWith('--')) {
      const long = option.slice(2).split('=')[0] ?? ''
      if (rule.long?.some((refused) => refused.startsWith(long))) return `${name} ${option} writes a file, runs a program or follows links`
    } else if (rule.short && [...option.slice(1)].some((letter) => rule.short?.includes(letter)))
      return `${name} ${option} writes a file, runs a program or follows links`
  }
  return rule.check?.(args)
}

interface Read {
  text: string
  glob: boolean
}

/**
 * The text of a word that may name a file: an operand, the value of `--opt=value`, or what follows a
 * short option's letter (`-fFILE`). Absolute, `~` and `..` paths are refused here; symlinks at the edge.
 */
function readCandidates(word: ShellWord, args: readonly string[], index: number): Read[] {
  const text = args[index] ?? ''
  const afterDashes = args.slice(0, index).includes('--')
  let candidate = text
  if (!afterDashes && text.startsWith('-') && text !== '-') {
    const equals = text.indexOf('=')
    if (equals !== -1) candidate = text.slice(equals + 1)
    else if (!text.startsWith('--') && text.length > 2) {
      // `-la` is letters; `-fFILE` may be a file: only a value that looks like a path is checked.
      candidate = text.slice(2)
      checkRelative(candidate)
      if (!candidate.includes('/')) return []
    } else return []
  }
  if (candidate === '' || candidate === '-') return []
  checkRelative(candidate)
  return [{text: candidate, glob: isUnquotedGlob(word)}]
}

function checkRelative(path: string): void {
  if (path.startsWith('/')) refuse(`it reads ${path}, outside the workspace`)
  if (path.split('/').includes('..')) refuse(`it reads ${path}, which climbs out with ..`)
}

/** A glob the shell expands: `*`, `?` or `[` outside quotes. A glob character inside quotes as well cannot be checked by expanding it. */
function isUnquotedGlob(word: ShellWord): boolean {
  const globby = (text: string): boolean => /[*?[]/.test(text)
  const unquoted = word.parts.some((part) => part.kind === 'literal' && !part.quoted && globby(part.text))
  if (unquoted && word.parts.some((part) => part.kind === 'literal' && part.quoted && globby(part.text)))
    refuse(`${word.raw} mixes quoted and unquoted glob characters`)
  return unquoted
}

function redirectReads(redirect: Redirect, command: SimpleCommand): Read[] {
  const {operator, target} = redirect
  if (operator === '<<' || operator === '<<-' || operator === '<<<') return []
  if (!target) refuse(`${command.text} has a redirection lillycoder cannot read`)
  const text = staticText(target)
  if ((operator === '>&' || operator === '<&') && /^(\d+|-)$/.test(text)) return []
  if (operator === '<') {
    checkRelative(text)
    return [{text, glob: isUnquotedGlob(target)}]
  }
  if (['>', '>>', '&>', '&>>', '>|', '>&'].includes(operator) && text === DISCARD) return []
  return refuse(`${operator} ${text} writes to a file`)
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
