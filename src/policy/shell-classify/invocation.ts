// What a command line really runs once wrappers are unwrapped: each command, and the scripts it hands on.

import {posix} from 'node:path'
import type {ShellWord} from '../shell-parse/parsed-command.js'

export interface ScriptRef {
  /** The script's text, expansions as written; absent when not known before it runs. */
  text?: string
  why?: string
  /** `sh -c 'script' zero one …`: the values of $0, $1 … inside it. */
  positional?: ShellWord[]
}

export interface Invocation {
  /** Lowercased basename of the command word; undefined when only known at run time. */
  name?: string
  words: ShellWord[]
  /** The directory it runs in, when a wrapper changes it (`env -C`). */
  cwd?: string | null
  /** Run by `find -exec` on every path of a tree walk: recursive whatever its own flags. */
  viaFind: boolean
  scripts: ScriptRef[]
  /** Inline interpreter code that forks in a loop (`perl -e 'fork while fork'`). */
  forkLoop?: boolean
}

/** The command a wrapper hands on to, and what the wrapper changes about how it runs. */
export interface Inner {
  words: ShellWord[]
  viaFind?: boolean
  cwd?: string | null
}

/** `/usr/bin/sudo` → `sudo`; names are compared lowercased (macOS file systems ignore case). */
export function commandName(text: string): string {
  return posix.basename(text).toLowerCase()
}
