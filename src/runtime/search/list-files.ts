import {type FileListRequest, listFilesWithRipgrep} from './ripgrep-files.js'
import {collectWalkListing, type WalkListing} from './walk-listing.js'

export interface FileListing extends WalkListing {
  engine: 'ripgrep' | 'javascript'
}

/**
 * The files under a directory that a glob picks, the first `max` in path order: with `rg --files`
 * when there is a ripgrep and it can answer, else with the walker; both list the same regular
 * files (symlinks are not followed, devices and pipes are not files) in the same order.
 */
export async function listFiles(request: FileListRequest, ripgrep: string | undefined): Promise<FileListing> {
  const viaRipgrep = ripgrep ? await listFilesWithRipgrep(ripgrep, request) : undefined
  if (viaRipgrep) return {...viaRipgrep, engine: 'ripgrep'}
  const walk = {workspace: request.workspace, root: request.directory, glob: request.glob, signal: request.signal}
  const listing = await collectWalkListing(walk, request.max, (entry) => (entry.kind === 'file' ? entry.path : undefined))
  return {...listing, engine: 'javascript'}
}
