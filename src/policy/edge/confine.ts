import {lstat, readlink, realpath} from 'node:fs/promises'
import path from 'node:path'

import {defaultHome, expandTilde, isInsideDir, type ToolPath} from '../../runtime/files/workspace-path.js'

/** Where a path target really points, and whether that is inside the workspace. */
export interface Confinement {
  inside: boolean
  /** The real absolute path (symlinks followed as the kernel would), or the target when it could not be resolved. */
  resolved: string
  /** Why it is refused; absent when inside. */
  reason?: string
  /** It could not be resolved at all (NUL byte, symlink loop, ~user, a file-system error), as opposed to leading outside. */
  unresolvable?: boolean
}

/** The file-system calls the walk needs; tests and callers may pass their own. */
export interface LinkReader {
  lstat(path: string): Promise<{isSymbolicLink(): boolean}>
  readlink(path: string): Promise<string>
  /** The kernel's own resolution of a path that exists (one call instead of an lstat per component); optional. */
  realpath?(path: string): Promise<string>
}

/** Linux gives up after 40 links (ELOOP); so do we. */
const MAX_SYMLINKS = 40

const nodeLinks: LinkReader = {lstat, readlink, realpath}

/**
 * Each workspace root's real path, resolved the first time it is asked for and then kept for the process (one
 * session). Kept on purpose: if an ancestor of the workspace is later swapped for a symlink, targets resolve to
 * the new place, which is not under the root as it was, so they are refused (fail closed) instead of followed.
 */
const realRoots = new Map<string, Promise<string>>()

/**
 * Resolves a model-supplied path the way the kernel will when a tool opens it — `~`, `..`,
 * absolute paths, every symlink on the way (including one that dangles or sits under a directory
 * that does not exist yet) — and says whether it lands inside the workspace root.
 */
export async function resolveInsideWorkspace(
  workspaceRealRoot: string,
  target: string,
  options: {home?: string; links?: LinkReader} = {},
): Promise<Confinement> {
  const links = options.links ?? nodeLinks
  if (target.includes('\0') || workspaceRealRoot.includes('\0'))
    return {inside: false, unresolvable: true, resolved: target, reason: `${JSON.stringify(target)} contains a NUL byte, which no file name can hold`}
  const absolute = absoluteTarget(workspaceRealRoot, target, options.home ?? defaultHome())
  if (absolute.kind === 'refused') return {inside: false, unresolvable: true, resolved: target, reason: absolute.reason}
  try {
    const root = await realRoot(path.resolve(workspaceRealRoot), links)
    const resolved = await resolveReal(absolute.path, links)
    if (isInsideDir(root, resolved)) return {inside: true, resolved}
    const lexical = path.resolve(absolute.path)
    const via = isInsideDir(root, lexical) ? ' through a symbolic link' : ''
    return {inside: false, resolved, reason: `${target} resolves${via} to ${resolved}, outside the workspace ${root}`}
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ELOOP')
      return {inside: false, unresolvable: true, resolved: target, reason: `${target} runs into a symbolic link loop (${(error as Error).message})`}
    return {inside: false, unresolvable: true, resolved: target, reason: `cannot resolve ${target}: ${(error as Error).message}`}
  }
}

/** Pure: the target as an absolute path (not normalised: `..` must wait until symlinks are followed). */
export function absoluteTarget(root: string, target: string, home: string): ToolPath {
  const expanded = expandTilde(target, home)
  if (expanded.kind === 'refused') return expanded
  return {kind: 'path', path: path.isAbsolute(expanded.path) ? expanded.path : `${root}${path.sep}${expanded.path}`}
}

function realRoot(root: string, links: LinkReader): Promise<string> {
  // Tests pass their own readers (a fake file system): those are asked every time.
  if (links !== nodeLinks) return resolveReal(root, links)
  let resolved = realRoots.get(root)
  if (!resolved) {
    resolved = resolveReal(root, links)
    // A root that failed to resolve is asked again next time rather than failing for the rest of the session.
    resolved.catch(() => realRoots.delete(root))
    realRoots.set(root, resolved)
  }
  return resolved
}

/**
 * Where `absolute` leads. A path that exists is resolved by the kernel in one call; one that does not (a file
 * about to be created, a dangling link) is walked component by component.
 */
async function resolveReal(absolute: string, links: LinkReader): Promise<string> {
  if (links.realpath) {
    try {
      return await links.realpath(absolute)
    } catch {
      // Not there (yet), or not resolvable: the walk says which, with the same answers as before.
    }
  }
  return walkReal(absolute, links)
}

/**
 * Follows the path one component at a time as the kernel does: a symlink's target is spliced in
 * before the rest (so `link/..` is the link target's parent, not the link's), and a component
 * that does not exist yet is taken as the directory a tool would create.
 */
async function walkReal(absolute: string, links: LinkReader): Promise<string> {
  let pending = absolute.split(path.sep)
  let current = path.parse(absolute).root
  let followed = 0
  while (pending.length > 0) {
    const name = pending.shift() ?? ''
    if (name === '' || name === '.') continue
    if (name === '..') {
      current = path.dirname(current)
      continue
    }
    const next = path.join(current, name)
    if (!(await isSymlink(next, links))) {
      current = next
      continue
    }
    followed += 1
    if (followed > MAX_SYMLINKS) {
      const error: NodeJS.ErrnoException = new Error(`more than ${MAX_SYMLINKS} links to follow at ${next}`)
      error.code = 'ELOOP'
      throw error
    }
    const link = await links.readlink(next)
    if (path.isAbsolute(link)) current = path.parse(link).root
    pending = [...link.split(path.sep), ...pending]
  }
  return current
}

async function isSymlink(file: string, links: LinkReader): Promise<boolean> {
  try {
    return (await links.lstat(file)).isSymbolicLink()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // Not there yet (or under a file): nothing to follow; the rest is appended as written.
    if (code === 'ENOENT' || code === 'ENOTDIR') return false
    throw error
  }
}
