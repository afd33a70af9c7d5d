import {defineTool} from 'lillycoder'
import {z} from 'zod'

import {capOutput} from '../lib/cap-output.js'
import {openRepository, workspacePathspec} from '../lib/repository.js'
import {runGit} from '../lib/run-git.js'

const MAX_CHARS = 8_000

export default defineTool({
  name: 'git_status',
  description: 'Show the branch and the changed, staged and untracked files.',
  parameters: z.object({}),
  // Reads only: the policy allows it without asking, and it runs no program the repository's config names.
  mutates: false,
  targets: () => [],
  async run(_args, ctx) {
    const repo = await openRepository(ctx)
    const command = ['-c', 'status.relativePaths=true', 'status', '--short', '--branch', '--untracked-files=normal', '--ignore-submodules=dirty', ...workspacePathspec(repo, undefined)]
    const {stdout} = await runGit(command, ctx, {readOnly: true, repoFilters: repo.repoFilters})
    const [branch = '', ...files] = stdout.split('\n').filter(Boolean)
    const conflicts = files.filter((line) => /^(DD|AU|UD|UA|DU|AA|UU) /.test(line))
    const notes = [
      files.length === 0 ? 'Nothing to commit: the working tree is clean.' : undefined,
      conflicts.length > 0 ? `${conflicts.length} file(s) have merge conflicts; resolve them before committing.` : undefined,
    ].filter(Boolean)
    const capped = capOutput([branch, ...files].join('\n'), MAX_CHARS)
    const cut = capped.cut && `[cut: showed ${capped.cut.shownLines} of ${capped.cut.totalLines} lines]`
    return {text: [capped.text, cut, ...notes].filter(Boolean).join('\n'), data: {files: files.length, conflicts: conflicts.length}}
  },
})
