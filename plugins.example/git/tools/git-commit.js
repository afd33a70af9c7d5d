import path from 'node:path'

import {defineTool, ToolError} from 'lillycoder'
import {z} from 'zod'

import {commitHooks, refuseConflicts, stagedFiles, stagedOutside} from '../lib/commit-checks.js'
import {openRepository} from '../lib/repository.js'
import {COMMIT_TIMEOUT_MS, runGit} from '../lib/run-git.js'

const parameters = z.object({
  message: z.string().trim().min(1).describe('Subject line, then details if needed'),
  paths: z.array(z.string().min(1)).optional().describe('Files to stage first'),
})

export default defineTool({
  name: 'git_commit',
  description: 'Commit the staged changes; paths are staged first. Never amends or pushes.',
  parameters,
  // It changes the repository, so the person is asked first (unless a rule or grant says otherwise).
  mutates: true,
  // The files it stages: path rules, `p` grants and workspace confinement see exactly these.
  targets: (args) => (args.paths ?? []).map((file) => ({kind: 'path', path: file})),
  async preview(args, ctx) {
    const subject = args.message.split('\n')[0]
    const staged = await stagedFiles(ctx)
    const hooks = await commitHooks(ctx)
    const detail = [
      args.paths?.length ? `stages first: ${args.paths.join(', ')}` : undefined,
      `staged now: ${staged.length === 0 ? 'nothing' : staged.join(', ')}`,
      hooks.length ? `runs the repository's hooks: ${hooks.join(', ')}` : 'no commit hooks',
    ].filter(Boolean)
    return {summary: `git commit -m "${subject}"`, detail: detail.join('\n')}
  },
  async run(args, ctx) {
    const repo = await openRepository(ctx)
    await refuseConflicts(ctx)
    if (args.paths?.length) {
      // Checked again right before staging: a path swapped for a link to outside since the policy looked is refused.
      const files = await Promise.all(args.paths.map((file) => ctx.writablePath(file)))
      // Relative to the workspace (git's cwd), so git's messages name them as the model did.
      await runGit(['add', '--', ...files.map((file) => path.relative(ctx.workspace, file) || '.')], ctx, {readOnly: false})
    }
    const staged = await stagedFiles(ctx)
    if (staged.length === 0)
      throw new ToolError({
        what: 'nothing is staged, so there is nothing to commit',
        why: 'git_commit commits the staged changes only',
        hint: 'pass paths to stage the changed files (see git_status)',
      })
    const outside = stagedOutside(staged, repo.prefix)
    if (outside.length > 0)
      throw new ToolError({
        what: `files outside the workspace are staged: ${outside.slice(0, 10).join(', ')}`,
        why: 'a commit would include them, and git_commit works in the workspace only',
        hint: 'ask the user to commit or unstage them',
      })
    // The message on stdin (-F -): never parsed as an option, whatever it starts with. No --amend, no push, ever.
    await runGit(['commit', '--quiet', '-F', '-'], ctx, {readOnly: false, input: args.message, timeoutMs: COMMIT_TIMEOUT_MS})
    const shown = await runGit(['show', '--no-ext-diff', '--no-textconv', '--stat=100', '--format=%h', 'HEAD'], ctx, {readOnly: true})
    const [hash = '', ...stat] = shown.stdout.split('\n')
    const statText = stat.filter(Boolean).join('\n')
    return {text: `Committed ${hash}: ${args.message.split('\n')[0]}\n${statText}`, data: {hash, files: staged.length}}
  },
})
