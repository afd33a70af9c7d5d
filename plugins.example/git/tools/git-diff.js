import {defineTool} from 'lillycoder'
import {z} from 'zod'

import {capOutput} from '../lib/cap-output.js'
import {gitRef} from '../lib/git-ref.js'
import {openRepository, workspacePathspec} from '../lib/repository.js'
import {runGit} from '../lib/run-git.js'

// About 3,000 tokens: room for a real diff in an 8k context, with the rest of the turn still fitting.
export const MAX_DIFF_CHARS = 12_000

const parameters = z.object({
  staged: z.boolean().default(false).describe('Staged changes instead'),
  path: z.string().min(1).optional().describe('Only this file or folder'),
  ref: gitRef.optional().describe('Compare with this commit, e.g. HEAD~1'),
})

export default defineTool({
  name: 'git_diff',
  description: 'Show changes as a unified diff (unstaged ones unless staged is true).',
  parameters,
  mutates: false,
  targets: (args) => (args.path === undefined ? [] : [{kind: 'path', path: args.path}]),
  async run(args, ctx) {
    const repo = await openRepository(ctx)
    // --relative: paths as the workspace sees them, and nothing from outside it when it is a folder of a larger repo.
    // --ignore-submodules=dirty: no git status inside submodules, whose own config could name programs.
    const options = ['--no-ext-diff', '--no-textconv', '--no-color', '--relative', '--ignore-submodules=dirty', ...(args.staged ? ['--cached'] : [])]
    const revision = args.ref === undefined ? [] : ['--end-of-options', args.ref]
    const pathspec = workspacePathspec(repo, args.path)
    const git = {readOnly: true, repoFilters: repo.repoFilters}
    const {stdout} = await runGit(['diff', ...options, ...revision, ...pathspec], ctx, git)
    if (stdout.trim() === '') return {text: `No ${args.staged ? 'staged ' : ''}changes${args.path ? ` in ${args.path}` : ''}.`}
    const capped = capOutput(stdout, MAX_DIFF_CHARS)
    if (!capped.cut) return {text: stdout}
    // Cut: say so, and list every changed file so the model can ask for one at a time.
    const stat = await runGit(['diff', ...options, '--stat=100', ...revision, ...pathspec], ctx, git)
    const note = `[diff cut: showed ${capped.cut.shownLines} of ${capped.cut.totalLines} lines; pass path to see one file. All changed files:]`
    return {text: `${capped.text}\n${note}\n${stat.stdout}`, data: {cut: true, totalLines: capped.cut.totalLines}}
  },
})
