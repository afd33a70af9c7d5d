import {z} from 'zod'

import {defineTool} from '../../runtime/tools/tool-declaration.js'

/** Entries shown at most; the rest are counted. */
export const MAX_ENTRIES = 500

const parameters = z.object({
  path: z.string().min(1).default('.'),
  depth: z.int().min(1).max(5).default(1).describe('Levels to list, 1-5; 1 is this directory only'),
})

export default defineTool({
  name: 'list_dir',
  description: 'List a directory; subdirectories end in "/". Past depth 1, .gitignored entries are skipped.',
  parameters,
  mutates: false,
  targets: (args) => [{kind: 'path', path: args.path}],
  async run(args, ctx) {
    const [{resolveDirectory}, {collectWalkListing, formatWalkListing}] = await listingModules()
    const target = await resolveDirectory(ctx, args.path, 'list_dir')
    const walk = {
      workspace: ctx.workspace,
      root: target.path,
      maxDepth: args.depth,
      // One level is a look at what is there, ignored or not; deeper, node_modules and build output would drown it.
      respectIgnoreFiles: args.depth > 1,
      signal: ctx.signal,
    }
    const listing = await collectWalkListing(walk, MAX_ENTRIES, (entry) => (entry.kind === 'directory' ? `${entry.path}/` : entry.path))
    return {
      text: formatWalkListing(listing, {empty: `${target.shown} is empty.`, noun: 'entries', hint: 'list a subdirectory or use a smaller depth'}),
      data: {entries: listing.shown, total: listing.total},
    }
  },
})

let loaded: Promise<[typeof import('../../runtime/search/search-target.js'), typeof import('../../runtime/search/walk-listing.js')]> | undefined

/** Loaded on first use (the walker and its gitignore engine are not needed to list or declare the tools), then kept: a step pays no loader lookup. */
function listingModules() {
  loaded ??= Promise.all([import('../../runtime/search/search-target.js'), import('../../runtime/search/walk-listing.js')])
  return loaded
}
