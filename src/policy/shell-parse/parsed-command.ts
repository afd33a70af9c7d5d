// The shape of a parsed bash command line: what the parser produces and the classifier reads.

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
