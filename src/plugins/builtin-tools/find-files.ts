import {z} from 'zod'

import {defineTool} from '../../runtime/tools/tool-declaration.js'

/** Paths shown at most; the rest are counted. */
export const MAX_FILES = 500

const parameters = z.object({
  pattern: z.string().min(1).describe('Glob: "*.ts" matches at any depth, "src/**/*.test.ts" under src only'),
  path: z.string().min(1).optional().describe('Directory to search (default: all)'),
})

export default defineTool({
  name: 'find_files',
  description: 'Find files by name; returns their paths. Skips .gitignored folders.',
  parameters,
  mutates: false,
  targets: (args) => [{kind: 'path', path: args.path ?? '.'}],
  async run(args, ctx) {
    // Loaded on first use: the walker, its gitignore engine and execa are not needed to list or declare the tools.
    const [{resolveDirectory}, {createSearchGlob}, {listFiles}, {findRipgrep}, {formatWalkListing}] = await Promise.all([
      import('../../runtime/search/search-target.js'),
      import('../../runtime/search/search-glob.js'),
      import('../../runtime/search/list-files.js'),
      import('../../runtime/search/ripgrep-binary.js'),
      import('../../runtime/search/walk-listing.js'),
    ])
    const target = await resolveDirectory(ctx, args.path ?? '.', 'find_files')
    const request = {workspace: ctx.workspace, directory: target.path, glob: createSearchGlob(args.pattern, target.relative), max: MAX_FILES, signal: ctx.signal}
    const listing = await listFiles(request, await findRipgrep())
    return {
      text: formatWalkListing(listing, {
        empty: `No files match ${JSON.stringify(args.pattern)} in ${target.shown}.`,
        noun: 'files',
        hint: 'narrow the pattern or path',
      }),
      data: {files: listing.shown, total: listing.total, engine: listing.engine},
    }
  },
})
