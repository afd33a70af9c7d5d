import {execa} from 'execa'
import {ToolError} from 'lillycoder'

import {gitArgv} from './git-argv.js'

/** How long one git call may take: reads are quick; a commit runs the repository's hooks (tests, linters). */
export const READ_TIMEOUT_MS = 30_000
export const COMMIT_TIMEOUT_MS = 180_000

/**
 * @typedef {object} GitCall
 * @property {boolean} readOnly      see gitArgv: read-only calls run no hooks and no repository filters
 * @property {string[]} [repoFilters]
 * @property {string} [input]        stdin (e.g. the commit message); otherwise stdin is closed
 * @property {number} [timeoutMs]
 * @property {number[]} [okExitCodes] exit codes that are answers, not failures (diff --quiet: 1)
 */

/**
 * @typedef {object} GitOutput
 * @property {number} exitCode
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * Runs git in the workspace: no shell, no terminal prompts (a credential or passphrase prompt would hang),
 * a timeout, and the model's Ctrl-C. A failure is a ToolError carrying git's own message.
 * @param {string[]} command
 * @param {import('lillycoder').ToolContext} ctx
 * @param {GitCall} call
 * @returns {Promise<GitOutput>}
 */
export async function runGit(command, ctx, {readOnly, repoFilters, input, timeoutMs = READ_TIMEOUT_MS, okExitCodes = [0]}) {
  const result = await execa('git', gitArgv(command, {readOnly, repoFilters}), {
    cwd: ctx.workspace,
    env: {GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', GIT_EDITOR: 'true', LC_ALL: 'C'},
    timeout: timeoutMs,
    cancelSignal: ctx.signal,
    reject: false,
    ...(input === undefined ? {stdin: 'ignore'} : {input}),
    maxBuffer: 16 * 1024 * 1024,
  })
  const shown = `git ${command[0]}`
  if (result.code === 'ENOENT')
    throw new ToolError({what: 'git is not installed', why: 'these tools run the git program, and it is not on PATH', hint: 'ask the user to install git'})
  if (result.timedOut)
    throw new ToolError({what: `${shown} did not finish within ${Math.round(timeoutMs / 1000)} s`, why: 'it was stopped', hint: 'ask the user to run it themselves'})
  if (result.isCanceled) throw new ToolError({what: `${shown} was cancelled`})
  const exitCode = result.exitCode ?? -1
  if (!okExitCodes.includes(exitCode)) throw gitFailure(shown, result.stderr || result.stdout)
  return {exitCode, stdout: result.stdout, stderr: result.stderr}
}

/**
 * git's own message (first lines), with "fatal:"/"error:" taken off, as the model's tool error.
 * @param {string} shown
 * @param {string} message
 */
function gitFailure(shown, message) {
  const lines = message.split('\n').map((line) => line.replace(/^(fatal|error): /, '').trim()).filter(Boolean)
  return new ToolError({what: `${shown} failed: ${lines.slice(0, 6).join(' ') || 'no message'}`})
}
