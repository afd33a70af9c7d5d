import {z} from 'zod'

import {describeProblems} from '../../runtime/grep-output.js'
import {walkWorkspace} from '../../runtime/ignore-walker.js'
import {resolveDirectory} from '../../runtime/search-target.js'
import {defineTool} from '../../runtime/tool-declaration.js'

/** Entries shown at most; the rest are counted. */
export const MAX_ENTRIES = 500

const parameters = z.object({
  path: z.string().min(1).default('.').describe('Directory to list (default: the project root)'),
  depth: z.int().min(1).max(5).default(1).describe('Levels to list: 1 for the directory itself, 2 to include subdirectories, up to 5'),
})

export default defineTool({
  name: 'list_dir',
  description: 'List a directory. Directories end in "/". depth 1 lists everything but .git; deeper levels skip .gitignored entries. Example: {"path": "src", "depth": 2}',
  parameters,
  mutates: false,
  targets: (args) => [{kind: 'path', path: args.path}],
  async run(args, ctx) {
    const target = await resolveDirectory(ctx, args.path, 'list_dir')
    const problems: string[] = []
    const shown: string[] = []
    let total = 0
    const walk = walkWorkspace({
      workspace: ctx.workspace,
      root: target.path,
      maxDepth: args.depth,
      // One level is a look at what is there, ignored or not; deeper, node_modules and build output would drown it.
      respectIgnoreFiles: args.depth > 1,
      signal: ctx.signal,
      onUnreadable: (entry, error) => problems.push(`${entry}: ${error instanceof Error ? error.message : String(error)}`),
    })
    for await (const entry of walk) {
      total++
      if (shown.length < MAX_ENTRIES) shown.push(entry.kind === 'directory' ? `${entry.path}/` : entry.path)
    }
    const lines = total === 0 ? [`${target.shown} is empty.`] : shown
    if (total > shown.length) lines.push(`… ${total - shown.length} more entries not shown; list a subdirectory or use a smaller depth`)
    if (problems.length > 0) lines.push(describeProblems(problems))
    return {text: lines.join('\n'), data: {entries: shown, total}}
  },
})
