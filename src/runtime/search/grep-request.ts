import type {GrepPattern} from './grep-pattern.js'
import type {SearchGlob} from './search-glob.js'

/** One grep, as both search paths (ripgrep and the JavaScript fallback) take it. */
export interface GrepRequest {
  workspace: string
  /** Absolute path of what to search, and whether it is one file or a directory to walk. */
  target: {path: string; kind: 'file' | 'directory'}
  pattern: GrepPattern
  ignoreCase: boolean
  /** Applies to directory searches; a file named as the target is searched whatever the glob says. */
  glob?: SearchGlob
  /** Matching lines to return; the rest are only counted. */
  maxResults: number
  signal: AbortSignal
}

export interface GrepMatch {
  /** Workspace-relative POSIX path. */
  path: string
  /** 1-based. */
  line: number
  /** The whole line, without its line break. */
  text: string
}

export interface GrepResult {
  /** At most maxResults matching lines, by path (each directory's entries by name), then line. */
  matches: GrepMatch[]
  /** Every matching line, shown or not; when `countStopped`, the count stopped at MAX_COUNTED. */
  total: number
  countStopped: boolean
  /** What could not be read (unreadable directories and files), one line each. */
  problems: string[]
  engine: 'ripgrep' | 'javascript'
}

/** Matching lines counted at most: past this, a pattern is too broad for the count to be worth its time. */
export const MAX_COUNTED = 100_000
