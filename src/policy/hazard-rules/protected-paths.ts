// What counts as the root, a home or a system directory: the paths recursive deletes and chmods must not reach.

import {posix} from 'node:path'
import type {ShellWord} from '../shell-parse/parsed-command.js'
import {absolutePath} from '../shell-classify/absolute-path.js'
import {globMatches} from '../shell-classify/glob-match.js'
import type {Env} from '../shell-classify/shell-state.js'

const TOP_LEVEL = new Set([
  'bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'libx32', 'media', 'mnt', 'opt', 'proc', 'root', 'run',
  'sbin', 'srv', 'sys', 'tmp', 'usr', 'var', 'snap', 'nix', 'efi', 'lost+found',
  'Applications', 'Library', 'System', 'Users', 'Volumes', 'private', 'cores',
])
const SECOND_LEVEL = new Set([
  '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib32', '/usr/lib64', '/usr/libexec', '/usr/share', '/usr/include', '/usr/local',
  '/var/lib', '/var/log', '/var/cache', '/var/tmp', '/nix/store', '/boot/efi', '/private/etc', '/private/var', '/System/Library',
])
/** Deleting these themselves is refused; what is inside them is the user's business. */
const SELF_ONLY = new Set(['/tmp', '/private/tmp', '/var/tmp', '/var/log', '/var/cache'])

export type Danger = {kind: 'deny'; label: string} | {kind: 'suspicious'; why: string}

/** Whether a target is a protected directory, or would be one if its unknown parts came out empty or elsewhere. */
export function pathDanger(word: ShellWord, env: Env): Danger | undefined {
  const resolved = env.resolve(word)
  const value = resolved.known ?? resolved.likely
  if (value !== undefined) {
    const path = absolutePath(value, env.cwd)
    if (path === null) {
      const worst = absolutePath(value, '/')
      return worst && dangerOf(worst, env) ? {kind: 'suspicious', why: `it runs in a directory only known at run time`} : undefined
    }
    const label = path === undefined ? undefined : dangerOf(path, env)
    return label ? {kind: 'deny', label} : undefined
  }
  const worst = absolutePath(resolved.worst, env.cwd ?? '/')
  const label = worst ? dangerOf(worst, env) : undefined
  return label ? {kind: 'suspicious', why: `${word.raw} would be ${label} if what it expands to were empty`} : undefined
}

function protectedLabel(path: string, home: string): string | undefined {
  if (path === '/') return 'the root directory /'
  if (path === home) return `your home directory ${home}`
  if (home.startsWith(`${path}/`)) return `${path}, which holds your home directory`
  const parts = path.split('/').filter(Boolean)
  if (parts.length === 1 && TOP_LEVEL.has(parts[0] ?? '')) return `the system directory ${path}`
  if (SECOND_LEVEL.has(path)) return `the system directory ${path}`
  if (/^\/(home|Users)\/[^/]+$/.test(path) || path === '/root') return `the home directory ${path}`
  return undefined
}

/** What deleting or chmod-ing `path` (which may hold glob characters) would hit, if it is protected. */
function dangerOf(path: string, env: Env): string | undefined {
  // The user's real home is protected, whatever a script sets HOME to.
  const home = env.home ?? '/'
  const components = path.split('/').filter(Boolean)
  const globAt = components.findIndex((component) => /[*?[]/.test(component))
  if (globAt === -1) return protectedLabel(path, home)
  const parent = `/${components.slice(0, globAt).join('/')}`
  const pattern = components[globAt] ?? ''
  const rest = components.slice(globAt + 1)
  const parentLabel = protectedLabel(parent, home)
  if (rest.length === 0 && parentLabel && !SELF_ONLY.has(parent) && matchesEverything(pattern))
    return `everything in ${parentLabel}`
  for (const child of knownChildren(parent, home)) {
    if (!globMatches(pattern, child)) continue
    const label = dangerOf(posix.join(parent, child, ...rest), env)
    if (label) return label
  }
  return undefined
}

function knownChildren(parent: string, home: string): string[] {
  const children = new Set<string>()
  if (parent === '/') for (const name of TOP_LEVEL) children.add(name)
  for (const path of SECOND_LEVEL) if (posix.dirname(path) === parent) children.add(posix.basename(path))
  if (home.startsWith(`${parent === '/' ? '' : parent}/`)) {
    const next = home.slice(parent === '/' ? 1 : parent.length + 1).split('/')[0]
    if (next) children.add(next)
  }
  return [...children]
}

/** `*`, `.*`, `?*`, `[a-z]*`: a pattern that matches every name in a directory. */
function matchesEverything(pattern: string): boolean {
  return /^\.?(\?|\[[^\]]*\])*\*[*?]*$/.test(pattern) || /^\.?\*/.test(pattern) && /^[.*?]+$/.test(pattern)
}
