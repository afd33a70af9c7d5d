// A real git repository in a temp dir, and the tool context lillycoder would hand the tools for it.
import {execFileSync} from 'node:child_process'
import {mkdir, mkdtemp, realpath, rm, writeFile, chmod} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/**
 * @typedef {object} Fixture
 * @property {string} root        the repository root
 * @property {import('lillycoder').ToolContext} ctx  the context, with the workspace at `root` (or a folder of it)
 * @property {(...args: string[]) => string} git      git in the repository root, for setting up and checking
 * @property {(file: string, text: string) => Promise<void>} write
 * @property {(name: string, script: string) => Promise<void>} hook  an executable .git/hooks/<name>
 * @property {() => Promise<void>} cleanup
 */

/**
 * @param {{init?: boolean, workspace?: string}} [options]  init false: a plain folder; workspace: a folder of the repository
 * @returns {Promise<Fixture>}
 */
export async function makeRepository({init = true, workspace = ''} = {}) {
  const parent = await realpath(await mkdtemp(path.join(os.tmpdir(), 'git-plugin-')))
  const root = path.join(parent, 'repo')
  await mkdir(path.join(root, workspace), {recursive: true})
  // No repository above the temp dir may answer for a folder that is not one.
  process.env.GIT_CEILING_DIRECTORIES = parent
  /** @param {string[]} args */
  const git = (...args) => execFileSync('git', args, {cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
  if (init) {
    git('init', '--quiet', '--initial-branch=main')
    git('config', 'user.name', 'Test')
    git('config', 'user.email', 'test@example.com')
    git('config', 'commit.gpgSign', 'false')
  }
  const write = async (/** @type {string} */ file, /** @type {string} */ text) => {
    await mkdir(path.dirname(path.join(root, file)), {recursive: true})
    await writeFile(path.join(root, file), text)
  }
  const hook = async (/** @type {string} */ name, /** @type {string} */ script) => {
    await mkdir(path.join(root, '.git/hooks'), {recursive: true})
    await writeFile(path.join(root, '.git/hooks', name), `#!/bin/sh\n${script}\n`)
    await chmod(path.join(root, '.git/hooks', name), 0o755)
  }
  return {root, ctx: toolContext(path.join(root, workspace)), git, write, hook, cleanup: () => rm(parent, {recursive: true, force: true})}
}

/**
 * What lillycoder's runtime gives a tool, reduced to what these tools use.
 * @param {string} workspace
 * @returns {import('lillycoder').ToolContext}
 */
export function toolContext(workspace) {
  const resolvePath = (/** @type {string} */ file) => path.resolve(workspace, file)
  return {
    workspace,
    signal: new AbortController().signal,
    resolvePath,
    async writablePath(file) {
      const resolved = resolvePath(file)
      if (path.relative(workspace, resolved).startsWith('..')) throw new Error(`${file} is outside the workspace`)
      return resolved
    },
  }
}
