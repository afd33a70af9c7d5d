// lillycoder calls this hook on every installed plugin and offers the model whatever declarations it returns.
import gitCommit from '../tools/git-commit.js'
import gitDiff from '../tools/git-diff.js'
import gitLog from '../tools/git-log.js'
import gitStatus from '../tools/git-status.js'

/** @returns {Promise<Array<import('lillycoder').ToolDeclaration>>} */
export default async function registerTools() {
  return [gitStatus, gitDiff, gitLog, gitCommit]
}
