import fs from 'node:fs/promises'
import path from 'node:path'

import {insideGitRepository} from './ignore-walker.js'
import type {SearchGlob} from './search-glob.js'

/** How to run ripgrep so that it walks a directory as walkWorkspace does. */
export interface RipgrepWalk {
  /** The directory itself: ripgrep matches `-g` globs against paths relative to its working directory, and ours are relative to the searched directory. */
  cwd: string
  /** The walking flags; the caller adds its own first and `-- .` last (see `ripgrepArguments`). */
  args: string[]
  /** ripgrep's path (`./src/a.ts`, relative to cwd) as a workspace-relative one. */
  shownPath(ripgrepPath: string): string
}

/**
 * The walker's rules as ripgrep flags: ignore files in the directory, below and above it (no global
 * git excludes, no config file), dotfiles in, `.git` out, symlinks not followed; git's reach inside
 * a repository and every .gitignore outside one (`--no-require-git`), as the walker decides.
 */
export async function ripgrepWalk(workspace: string, directory: string, glob: SearchGlob | undefined): Promise<RipgrepWalk> {
  const args = ['--no-config', '--hidden', '--no-ignore-global']
  if (!(await insideGitRepository(await fs.realpath(directory)))) args.push('--no-require-git')
  for (const pattern of glob?.ripgrepGlobs ?? []) args.push('-g', pattern)
  args.push('-g', '!.git')
  const prefix = toPosix(path.relative(workspace, directory))
  return {
    cwd: directory,
    args,
    shownPath: (ripgrepPath) => {
      const relative = ripgrepPath.startsWith('./') ? ripgrepPath.slice(2) : ripgrepPath
      return prefix ? `${prefix}/${relative}` : relative
    },
  }
}

/** The whole command line: the caller's mode flags, the walk's flags, and the directory as `.`. */
export function ripgrepArguments(modeFlags: readonly string[], walk: RipgrepWalk): string[] {
  return [...modeFlags, ...walk.args, '--', '.']
}

export interface RipgrepExit {
  exitCode?: number
  stderr?: unknown
}

/**
 * What ripgrep's exit says: exit 0 (found) and 1 (nothing found) are answers; 2 with only
 * per-path errors is an answer with problems (sorted: a parallel ripgrep reports them in any
 * order). Anything else (not started, killed, a pattern or glob its engine rejects, a regex over
 * its size limit) is undefined: the caller falls back to JavaScript, which can still answer.
 */
export function ripgrepProblems(done: RipgrepExit): string[] | undefined {
  if (done.exitCode === 0 || done.exitCode === 1) return []
  if (done.exitCode !== 2) return undefined
  const complaints = String(done.stderr ?? '').split('\n').filter(Boolean)
  if (complaints.some((text) => /regex parse error|error parsing glob|size limit|compiled regex exceeds/i.test(text))) return undefined
  return complaints.map((text) => text.replace(/^rg: /, '')).sort()
}

function toPosix(relative: string): string {
  return path.sep === '/' ? relative : relative.split(path.sep).join('/')
}
