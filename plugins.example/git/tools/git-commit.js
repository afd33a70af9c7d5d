import path from 'node:path'

import {defineTool, ToolError} from 'lillycoder'
import {z} from 'zod'

import {commitHooks, refuseConflicts, stagedFiles, stagedOutside} from '../lib/commit-checks.js'
import {openRepository} from '../lib/repository.js'
import {COMMIT_TIMEOUT_MS, runGit} from '../lib/run-git.js'

const parameters = z.object({
  message: z.string().trim().min(1).describe('Subject line, then details if needed'),
  paths: z.array(z.string().min(1)).optional().describe('Commit only these files, staged first'),
})

export default defineTool({
  name: 'git_commit',
  description: 'Commit the staged changes, or only paths. Never amends or pushes.',
  parameters,
  // It changes the repository, so the person is asked first (unless a rule or grant says otherwise).
  mutates: true,
  // The files it stages and commits: path rules, `p` grants and workspace confinement see exactly these.
  targets: (args) => (args.paths ?? []).map((file) => ({kind: 'path', path: file})),
  async preview(args, ctx) {
    const staged = await stagedFiles(ctx)
    const hooks = await commitHooks(ctx)
    const detail = [
      args.paths?.length
        ? `commits only these, staged first: ${args.paths.join(', ')}`
        : `commits everything staged: ${staged.length === 0 ? 'nothing is staged' : staged.join(', ')}`,
      hooks.length ? `runs the repository's hooks: ${hooks.join(', ')}` : 'no commit hooks',
    ]
    return {summary: `git commit -m "${args.message.split('\n')[0]}"`, detail: detail.join('\n')}
  },
  async run(args, ctx) {
    const repo = await openRepository(ctx)
    await refuseConflicts(ctx)
    const paths = args.paths?.length ? await stage(args.paths, ctx) : undefined
    const committing = await stagedFiles(ctx, paths)
    if (committing.length === 0)
      throw new ToolError({
        what: paths ? `${paths.join(', ')}: no changes to commit` : 'nothing is staged, so there is nothing to commit',
        why: 'git_commit makes no empty commits',
        hint: paths ? 'check git_status for the changed files' : 'pass paths to stage and commit the changed files (see git_status)',
      })
    // With paths, the commit takes only those (git commit --only); without, all that is staged, which must be ours.
    const outside = paths ? [] : stagedOutside(committing, repo.prefix)
    if (outside.length > 0)
      throw new ToolError({
        what: `files outside the workspace are staged: ${outside.slice(0, 10).join(', ')}`,
        why: 'a commit would include them, and git_commit works in the workspace only',
        hint: 'pass paths to commit only files of the workspace, or ask the user to commit or unstage those',
      })
    // The message on stdin (-F -): never parsed as an option, whatever it starts with. No --amend, no push, ever.
    const only = paths ? ['--only', '--', ...paths] : []
    await runGit(['commit', '--quiet', '-F', '-', ...only], ctx, {readOnly: false, input: args.message, timeoutMs: COMMIT_TIMEOUT_MS})
    const shown = await runGit(['show', '--no-ext-diff', '--no-textconv', '--stat=100', '--format=%h', 'HEAD'], ctx, {readOnly: true})
    const [hash = '', ...stat] = shown.stdout.split('\n')
    return {text: `Committed ${hash}: ${args.message.split('\n')[0]}\n${stat.filter(Boolean).join('\n')}`, data: {hash, files: committing.length}}
  },
})

/**
 * `git add` of the model's paths, each checked for confinement again right before (a path swapped for a link
 * to outside since the policy looked is refused). Returns them relative to the workspace, git's cwd, so git's
 * messages name them as the model did.
 * @param {string[]} paths
 * @param {import('lillycoder').ToolContext} ctx
 */
async function stage(paths, ctx) {
  const files = await Promise.all(paths.map(async (file) => path.relative(ctx.workspace, await ctx.writablePath(file)) || '.'))
  await runGit(['add', '--', ...files], ctx, {readOnly: false})
  return files
}
