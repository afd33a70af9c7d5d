import {defineTool} from 'lillycoder'
import {z} from 'zod'

import {openRepository, workspacePathspec} from '../lib/repository.js'
import {runGit} from '../lib/run-git.js'

export default defineTool({
  name: 'git_log',
  description: 'List recent commits, newest first: hash, date, author, subject.',
  parameters: z.object({
    n: z.number().int().min(1).max(100).default(10).describe('How many'),
    path: z.string().min(1).optional().describe('Only commits touching this file or folder'),
  }),
  mutates: false,
  targets: (args) => (args.path === undefined ? [] : [{kind: 'path', path: args.path}]),
  async run(args, ctx) {
    const repo = await openRepository(ctx)
    const head = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], ctx, {readOnly: true, okExitCodes: [0, 1]})
    if (head.exitCode !== 0) return {text: 'No commits yet.'}
    const format = '--format=%h %ad %an: %s'
    const command = ['log', `-n${args.n}`, '--no-color', '--date=short', format, ...workspacePathspec(repo, args.path)]
    const {stdout} = await runGit(command, ctx, {readOnly: true, repoFilters: repo.repoFilters})
    return {text: stdout.trim() === '' ? `No commits${args.path ? ` touch ${args.path}` : ''}.` : stdout}
  },
})
