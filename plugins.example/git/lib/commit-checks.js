import {access, constants} from 'node:fs/promises'
import path from 'node:path'

import {ToolError} from 'lillycoder'

import {runGit} from './run-git.js'

/** The hooks `git commit` runs, in order (reference-transaction runs when HEAD moves). */
export const COMMIT_HOOKS = ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit', 'reference-transaction']

/**
 * @param {string} stdout  NUL-separated names (git's -z output)
 * @returns {string[]}
 */
export const splitNames = (stdout) => [...new Set(stdout.split('\0').filter(Boolean))]

/**
 * Refuses a repository with unresolved conflicts: a commit there would record conflict markers.
 * @param {import('lillycoder').ToolContext} ctx
 */
export async function refuseConflicts(ctx) {
  // From the index alone (ls-files), so no file content passes through a filter the repository names.
  const {stdout} = await runGit(['ls-files', '--unmerged', '-z'], ctx, {readOnly: true})
  const conflicted = splitNames(stdout.replace(/[^\0]*\t/g, ''))
  if (conflicted.length > 0)
    throw new ToolError({
      what: `the repository has unresolved merge conflicts in ${conflicted.slice(0, 10).join(', ')}`,
      why: 'git_commit does not commit over conflicts',
      hint: 'tell the user: they resolve the conflicts and stage the files (git add), then a commit can follow',
    })
}

/**
 * What is staged (only among `paths` when given), as paths from the repository root.
 * @param {import('lillycoder').ToolContext} ctx
 * @param {string[]} [paths]
 * @returns {Promise<string[]>}
 */
export async function stagedFiles(ctx, paths) {
  const pathspec = paths ? ['--', ...paths] : []
  const {stdout} = await runGit(['diff', '--cached', '--name-only', '--no-renames', '-z', ...pathspec], ctx, {readOnly: true})
  return splitNames(stdout)
}

/**
 * Staged files that lie outside the workspace (when it is a folder of a larger repository); a commit would take them too.
 * @param {string[]} staged  from stagedFiles
 * @param {string} prefix    the workspace's path in the repository, '' at its root
 */
export function stagedOutside(staged, prefix) {
  return prefix === '' ? [] : staged.filter((name) => !name.startsWith(prefix))
}

/**
 * The commit hooks that exist and would run (core.hooksPath respected), as paths relative to the workspace.
 * @param {import('lillycoder').ToolContext} ctx
 * @returns {Promise<string[]>}
 */
export async function commitHooks(ctx) {
  // Not readOnly: that would report the /dev/null hooks path read-only calls use, not the one a commit runs.
  const {stdout} = await runGit(['rev-parse', '--git-path', 'hooks'], ctx, {readOnly: false})
  const dir = path.resolve(ctx.workspace, stdout.trim())
  const present = await Promise.all(COMMIT_HOOKS.map(async (hook) => ((await isExecutable(path.join(dir, hook))) ? hook : undefined)))
  return present.filter((hook) => hook !== undefined).map((hook) => path.relative(ctx.workspace, path.join(dir, hook)))
}

/** @param {string} file */
async function isExecutable(file) {
  try {
    await access(file, constants.X_OK)
    return true
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT' || /** @type {NodeJS.ErrnoException} */ (error).code === 'EACCES') return false
    throw error
  }
}
