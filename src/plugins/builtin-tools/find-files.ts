import {z} from 'zod'

import {describeProblems} from '../../runtime/grep-output.js'
import {walkWorkspace} from '../../runtime/ignore-walker.js'
import {createSearchGlob} from '../../runtime/search-glob.js'
import {resolveDirectory} from '../../runtime/search-target.js'
import {defineTool} from '../../runtime/tool-declaration.js'

/** Paths shown at most; the rest are counted. */
export const MAX_FILES = 500

const parameters = z.object({
  pattern: z.string().min(1).describe('Glob, e.g. "*.ts" (any depth) or "src/**/*.test.ts"; {a,b} and a leading ! work'),
  path: z.string().min(1).optional().describe('Directory to search in (default: the whole project)'),
})

export default defineTool({
  name: 'find_files',
  description: 'Find files by name with a glob. Returns matching paths, sorted, one per line; skips .gitignored files and .git. Example: {"pattern": "*.test.ts"}',
  parameters,
  mutates: false,
  targets: (args) => [{kind: 'path', path: args.path ?? '.'}],
  async run(args, ctx) {
    const target = await resolveDirectory(ctx, args.path ?? '.', 'find_files')
    const problems: string[] = []
    const found: string[] = []
    let total = 0
    const walk = walkWorkspace({
      workspace: ctx.workspace,
      root: target.path,
      glob: createSearchGlob(args.pattern, target.relative),
      signal: ctx.signal,
      onUnreadable: (shown, error) => problems.push(`${shown}: ${error instanceof Error ? error.message : String(error)}`),
    })
    for await (const entry of walk) {
      if (entry.kind === 'directory') continue
      total++
      if (found.length < MAX_FILES) found.push(entry.path)
    }
    const lines = [...found]
    if (total === 0) lines.push(`No files match ${JSON.stringify(args.pattern)} in ${target.shown}.`)
    if (total > found.length) lines.push(`… ${total - found.length} more files not shown; narrow the pattern or path`)
    if (problems.length > 0) lines.push(describeProblems(problems))
    return {text: lines.join('\n'), data: {files: found, total}}
  },
})
