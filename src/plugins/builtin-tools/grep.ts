import {z} from 'zod'

import {defineTool} from '../../runtime/tools/tool-declaration.js'

const parameters = z.object({
  pattern: z.string().min(1).describe('Regex, e.g. "function \\w+\\("'),
  path: z.string().min(1).optional().describe('File or directory (default: all)'),
  glob: z.string().min(1).optional().describe('Only files matching this glob, e.g. "*.ts"'),
  ignore_case: z.boolean().default(false),
  max_results: z.int().min(1).max(1000).default(100),
})

export default defineTool({
  name: 'grep',
  description: 'Search file contents with a regex. Returns "path:line:text" per matching line; skips .gitignored and binary files.',
  parameters,
  mutates: false,
  targets: (args) => [{kind: 'path', path: args.path ?? '.'}],
  async run(args, ctx) {
    // Loaded on first use: the search engines and the gitignore engine are not needed to list or declare the tools.
    const [{resolveSearchTarget}, {compileGrepPattern}, {grepSeesBinaryFile}, {createSearchGlob}, {grepFiles}, {findRipgrep}, {formatGrepResult}] =
      await Promise.all([
        import('../../runtime/search/search-target.js'),
        import('../../runtime/search/grep-pattern.js'),
        import('../../runtime/files/file-kind.js'),
        import('../../runtime/search/search-glob.js'),
        import('../../runtime/search/grep-files.js'),
        import('../../runtime/search/ripgrep-binary.js'),
        import('../../runtime/search/grep-output.js'),
      ])
    const target = await resolveSearchTarget(ctx, args.path ?? '.')
    const pattern = compileGrepPattern(args.pattern, {ignoreCase: args.ignore_case})
    if (target.kind === 'file' && (await grepSeesBinaryFile(target.path))) {
      return {text: `${target.shown} is a binary file; grep searches text files only.`, data: {matches: [], total: 0, binary: true}}
    }
    const result = await grepFiles(
      {
        workspace: ctx.workspace,
        target,
        pattern,
        ignoreCase: args.ignore_case,
        glob: args.glob === undefined ? undefined : createSearchGlob(args.glob, target.relative),
        maxResults: args.max_results,
        signal: ctx.signal,
      },
      await findRipgrep(),
    )
    const data = {matches: result.matches, total: result.total, engine: result.engine}
    if (result.total === 0) {
      const within = args.glob === undefined ? '' : ` (files matching ${args.glob})`
      const note = result.problems.length > 0 ? `\n${formatGrepResult(result, pattern.line)}` : ''
      return {text: `No matches for ${JSON.stringify(args.pattern)} in ${target.shown}${within}.${note}`, data}
    }
    return {text: formatGrepResult(result, pattern.line), data}
  },
})
