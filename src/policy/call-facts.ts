import type {PathForm} from './policy-rule.js'

/** What the edge found out about one path target: where it is, and whether it could be resolved at all. */
export interface PathTargetFacts {
  kind: 'path'
  /** The grant key: the absolute path as the model named it (resolved against the workspace). */
  key: string
  /** The path as named and, when symlinks lead elsewhere, as resolved; a rule must hold for each of them. */
  forms: PathForm[]
  /** Resolves (symlinks included) outside the workspace root. */
  outsideWorkspace: boolean
  /** The edge's own words for where it leads, used in the refusal. */
  outsideReason?: string
  /** Why the edge could not resolve it (e.g. a symlink loop); such a target is never trusted to be inside. */
  unresolvable?: string
}

/** A command line, with what the shell parser made of it. */
export interface CommandTargetFacts {
  kind: 'command'
  /** The exact command line: the grant key and what deny and ask rules also test. */
  key: string
  /** Each simple command of a compound line (`a && b | c` → a, b, c); absent: the whole line is one. */
  simpleCommands?: string[]
  /** Why the parser could not read it; such a command always asks and no rule or grant allows it. */
  unparsable?: string
  /** Whether the whole line was proven to only read (read-only/prove-read-only.ts); absent: not examined. */
  readOnly?: ReadOnlyProof
  /** The words of a line that is one plain command (shell-parse/plain-command.ts); absent for anything else. */
  plainWords?: string[]
}

/** A command line proven to only read inside the workspace, or what stood in the way. */
export type ReadOnlyProof = {proven: true} | {proven: false; why: string}

/** A package name or any other value a tool acts on; rules match `text`, grants `key`. */
export interface TextTargetFacts {
  kind: 'package' | 'value'
  key: string
  text: string
}

export type TargetFacts = PathTargetFacts | CommandTargetFacts | TextTargetFacts

/** A validated call as the pure decision sees it: everything that needed I/O was resolved at the edge. */
export interface CallFacts {
  tool: string
  mutates: boolean
  targets: TargetFacts[]
}
