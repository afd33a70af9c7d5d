// Telling a command's options from its operands, the way getopt-style tools read them.

import type {ShellWord} from '../shell-parse/parsed-command.js'

/** A word's value, or undefined when it is only known at run time. */
export type WordText = (word: ShellWord) => string | undefined

/** `--name` or `--name=value`: the name, then the value when attached. */
export const LONG_OPTION = /^--([\w-]+)(?:=(.*))?$/s

export interface OptionSpec {
  /** Short options that take a value (`-n 5`, `-n5`). */
  short?: string
  /** Long options that take a value when written without `=`. */
  long?: string[]
}

/** Whether `name` (a long option without `--` and `=value`) is `option`, or a GNU abbreviation of it at least `shortest` long. */
export function abbreviates(name: string, option: string, shortest: number): boolean {
  return name.length >= shortest && option.startsWith(name)
}

/** Whether the option word `value` (`-n`, `-xn`, `--lines`) takes the next word as its value. */
function takesNextWord(value: string, spec: OptionSpec): boolean {
  if (value.startsWith('--')) return !value.includes('=') && (spec.long ?? []).includes(value.slice(2))
  const letters = value.slice(1)
  const withValue = [...letters].findIndex((letter) => (spec.short ?? '').includes(letter))
  return withValue === letters.length - 1
}

/** Index of the first operand after the options; `--` ends the options. */
export function operandStart(args: ShellWord[], text: WordText, spec: OptionSpec): number {
  let index = 0
  while (index < args.length) {
    const word = args[index]
    const value = word === undefined ? undefined : text(word)
    if (value === undefined || value === '-' || !value.startsWith('-')) return index
    if (value === '--') return index + 1
    index += takesNextWord(value, spec) ? 2 : 1
  }
  return index
}

/** Operands of a command, skipping options anywhere before `--` (GNU tools permute). */
export function operands(args: ShellWord[], text: WordText, spec: OptionSpec): ShellWord[] {
  const found: ShellWord[] = []
  let ended = false
  for (let index = 0; index < args.length; index += 1) {
    const word = args[index] as ShellWord
    const value = text(word)
    if (ended || value === undefined || value === '-' || !value.startsWith('-')) found.push(word)
    else if (value === '--') ended = true
    else if (takesNextWord(value, spec)) index += 1
  }
  return found
}
