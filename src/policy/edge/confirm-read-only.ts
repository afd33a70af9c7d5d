import {lstat, readdir, readFile} from 'node:fs/promises'
import path from 'node:path'

import {errorCode} from '../../runtime/files/file-system-error.js'
import {errorText} from '../../runtime/text/error-text.js'
import type {ReadOnlyProof} from '../call-facts.js'
import type {ReadOnlyVerdict} from '../read-only/prove-read-only.js'
import {gitConfigProgram} from '../read-only/git-config.js'
import {resolveInsideWorkspace} from './confine.js'

/** A glob that matches more than this is not expanded to the end: the command asks instead. */
const MAX_GLOB_MATCHES = 2000

/**
 * The disk half of the read-only proof: every file the command names, and every match of its globs,
 * must resolve (symlinks followed) inside the workspace, as read_file's would; no program name may be
 * looked up in the workspace (`searchPath` is the PATH bash will search); and git must not find a program
 * to run in the repository's own config. Any failure to check is "not proven", never an error.
 */
export async function confirmReadOnly(verdict: ReadOnlyVerdict, workspace: string, home: string, searchPath: string): Promise<ReadOnlyProof> {
  if (!verdict.proven) return {proven: false, why: verdict.why}
  try {
    const lookup = await workspaceOnPath(searchPath, workspace, home)
    if (lookup !== undefined) return {proven: false, why: `PATH holds ${lookup}, so a program name could find a file of the workspace`}
    const expanded: string[] = []
    for (const glob of verdict.globs) {
      const matches = await expandGlob(workspace, glob)
      if (matches === undefined) return {proven: false, why: `${glob} matches more than ${MAX_GLOB_MATCHES} files`}
      // A file named `-delete` or `--pre=sh` that a glob expands to is an option to the program, not a file.
      const option = matches.find((match) => match.startsWith('-'))
      if (option !== undefined) return {proven: false, why: `${glob} expands to ${option}, which the program would take as an option`}
      expanded.push(...matches)
    }
    for (const named of [...verdict.paths, ...expanded]) {
      const confinement = await resolveInsideWorkspace(workspace, named, {home})
      if (!confinement.inside) return {proven: false, why: `it reads ${named}: ${confinement.reason ?? 'outside the workspace'}`}
    }
    if (verdict.usesGit) {
      const why = await gitConfigRefusal(workspace)
      if (why !== undefined) return {proven: false, why}
    }
    return {proven: true}
  } catch (error) {
    return {proven: false, why: `lillycoder could not check the files it reads (${errorText(error)})`}
  }
}

/** An entry of PATH that is relative (empty means the current directory) or leads into the workspace. */
async function workspaceOnPath(searchPath: string, workspace: string, home: string): Promise<string | undefined> {
  for (const dir of searchPath.split(':')) {
    if (!path.isAbsolute(dir)) return dir === '' ? 'an empty entry (the current directory)' : dir
    if ((await resolveInsideWorkspace(workspace, dir, {home})).inside) return dir
  }
  return undefined
}

/** Bash's expansion, one path component at a time (no `**` recursion, dotfiles included to see more, not less); undefined past the limit. */
async function expandGlob(workspace: string, glob: string): Promise<string[] | undefined> {
  const {minimatch} = await import('minimatch')
  let bases = ['']
  for (const component of glob.split('/')) {
    if (component === '' || !/[*?[]/.test(component)) {
      bases = bases.map((base) => (base === '' ? component : `${base}/${component}`))
      continue
    }
    const next: string[] = []
    for (const base of bases) {
      const names = await readdir(path.join(workspace, base || '.')).catch((error: unknown) => {
        if (['ENOENT', 'ENOTDIR'].includes(errorCode(error) ?? '')) return []
        throw error
      })
      for (const name of names) if (minimatch(name, component, {dot: true})) next.push(base === '' ? name : `${base}/${name}`)
      if (next.length > MAX_GLOB_MATCHES) return undefined
    }
    bases = next
  }
  return bases.filter((base) => base !== '')
}

/**
 * The repository around the workspace may name programs in its own config (a downloaded or tampered
 * `.git/config`): then git commands ask. A `.git` file (worktree, submodule) points elsewhere and is not followed.
 */
async function gitConfigRefusal(workspace: string): Promise<string | undefined> {
  for (let dir = workspace; ; dir = path.dirname(dir)) {
    const gitDir = path.join(dir, '.git')
    const kind = await lstat(gitDir).then(
      (stats) => (stats.isDirectory() ? 'directory' : 'other'),
      (error: unknown) => {
        if (errorCode(error) === 'ENOENT') return 'missing'
        throw error
      },
    )
    if (kind === 'other') return `${gitDir} is not a directory, so lillycoder could not check which programs git would run`
    if (kind === 'directory') {
      for (const name of ['config', 'config.worktree']) {
        const text = await readFile(path.join(gitDir, name), 'utf8').catch((error: unknown) => {
          if (errorCode(error) === 'ENOENT') return ''
          throw error
        })
        const setting = gitConfigProgram(text)
        if (setting !== undefined) return `git would run the program ${path.join(gitDir, name)} names in ${setting}`
      }
      return undefined
    }
    if (path.dirname(dir) === dir) return undefined
  }
}
