import {realpath} from 'node:fs/promises'
import path from 'node:path'

import {walkWorkspace} from '../../../runtime/search/ignore-walker.js'
import type {DirectoryEntry} from './completion.js'

/** Nothing to list: the directory is not there, is a file, or may not be read. */
const NOTHING_TO_LIST = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM'])

/**
 * The entries of one workspace directory for `@path` completion, through the search room's walker so `.git`
 * and what the ignore files ignore are left out as find_files leaves them out. A directory that resolves
 * (symlinks included) outside the workspace lists nothing.
 */
export async function listWorkspaceDirectory(workspace: string, relativeDirectory: string): Promise<DirectoryEntry[]> {
  const root = path.resolve(workspace, relativeDirectory)
  try {
    const [realRoot, realWorkspace] = await Promise.all([realpath(root), realpath(workspace)])
    const fromWorkspace = path.relative(realWorkspace, realRoot)
    if (fromWorkspace === '..' || fromWorkspace.startsWith(`..${path.sep}`) || path.isAbsolute(fromWorkspace)) return []
    const entries: DirectoryEntry[] = []
    for await (const entry of walkWorkspace({workspace, root, maxDepth: 1})) entries.push({name: path.posix.basename(entry.path), isDirectory: entry.kind === 'directory'})
    return entries
  } catch (error) {
    if (NOTHING_TO_LIST.has((error as NodeJS.ErrnoException).code ?? '')) return []
    throw error
  }
}
