import {ToolError} from 'lillycoder'

import {repoFilterNames} from './git-argv.js'
import {runGit} from './run-git.js'

/**
 * @typedef {object} Repository
 * @property {string} prefix        the workspace's path inside the repository ('' at its root, else ending in '/')
 * @property {string[]} repoFilters filter drivers the repository's own config defines (see gitArgv)
 */

/**
 * The repository the workspace is in, or a ToolError saying it is not in one.
 * @param {import('lillycoder').ToolContext} ctx
 * @returns {Promise<Repository>}
 */
export async function openRepository(ctx) {
  let prefix
  try {
    const {stdout} = await runGit(['rev-parse', '--is-inside-work-tree', '--show-prefix'], ctx, {readOnly: true})
    const [inside, shownPrefix = ''] = stdout.split('\n')
    if (inside !== 'true') throw new Error('not a work tree')
    prefix = shownPrefix
  } catch (error) {
    if (error instanceof ToolError && !/not a git repository|not a work tree/.test(error.message)) throw error
    throw new ToolError({
      what: 'the workspace is not a git repository',
      why: `git found no repository in ${ctx.workspace} or above it`,
      hint: 'do not use the git tools here; ask the user whether to run git init',
    })
  }
  // Exit 1 means no filter is configured at all.
  const filters = await runGit(['config', '--show-scope', '--get-regexp', '^filter\\.'], ctx, {readOnly: true, okExitCodes: [0, 1]})
  return {prefix, repoFilters: repoFilterNames(filters.stdout)}
}

/**
 * Pathspec that keeps a read to the workspace when it is a folder inside a larger repository.
 * @param {Repository} repo
 * @param {string | undefined} path
 * @returns {string[]}
 */
export function workspacePathspec(repo, path) {
  if (path !== undefined) return ['--', path]
  return repo.prefix ? ['--', '.'] : []
}
