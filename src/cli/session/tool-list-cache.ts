import {mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type {ToolDescription} from '../describe-tool.js'

// Read by `tools list`/`tools show` before oclif, zod or any plugin is loaded: only node:fs here, no imports
// of ours that pull more in. The fingerprint decides validity, so the cache can never answer for other code.

/** A plugin as the cache records it, to find its files again without oclif. */
export interface CachedPlugin {
  name: string
  /** oclif's plugin type: `core` (the CLI and its own plugins), `user` (installed), `link` (linked). */
  type: string
  root: string
  /** Absolute paths of its `tools:register` hook files. */
  hooks: string[]
}

/** What the fingerprint is computed from, besides the plugins. */
export interface CacheScope {
  /** The CLI's root (where its package.json is). */
  cliRoot: string
  /** oclif's data dir: its package.json lists the user's installed and linked plugins. */
  dataDir: string
  /** A plugin's hook gets the workspace, so its tools may differ by workspace. */
  workspace: string
}

export interface ToolListCache {
  format: typeof FORMAT
  fingerprint: string
  plugins: CachedPlugin[]
  tools: ToolDescription[]
  /** The warnings loading the tools gave (a plugin left out, and why): replayed on a hit. */
  problems: string[]
}

const FORMAT = 1
const FILE_NAME = 'tools.json'
// A linked plugin is someone's work in progress: every file of it counts, but not its dependencies. Past this
// many files the walk costs more than the cache saves, so such a set of plugins is not cached.
const MAX_LINKED_FILES = 2000
const SKIPPED_DIRS = new Set(['node_modules', '.git'])

/** `$XDG_CACHE_HOME/lillycoder` (default `~/.cache/lillycoder`); a relative XDG value is ignored, as the spec says. */
export function toolCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME || os.homedir(), '.cache')
  return path.join(base, 'lillycoder')
}

/** oclif's data dir, computed the way oclif does it (LILLYCODER_DATA_DIR, else XDG_DATA_HOME, else ~/.local/share). */
export function oclifDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LILLYCODER_DATA_DIR) return env.LILLYCODER_DATA_DIR
  const home = env.HOME || os.homedir()
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local/share'), 'lillycoder')
}

/**
 * What identifies the code that produced a tool list: the CLI's package.json, the user's plugin manifest, the
 * workspace, and each plugin's package.json, hook files and the files beside them — for linked plugins every file
 * outside node_modules. Undefined when a file is missing or the plugins are too big to fingerprint: no cache then.
 */
export function computeFingerprint(scope: CacheScope, plugins: readonly CachedPlugin[]): string | undefined {
  const cli = stamp(path.join(scope.cliRoot, 'package.json'))
  if (cli === undefined) return undefined
  const parts: unknown[] = [FORMAT, scope.workspace, scope.dataDir, cli, stamp(path.join(scope.dataDir, 'package.json')) ?? 'no user plugins']
  for (const plugin of plugins) {
    const files = [path.join(plugin.root, 'package.json'), ...plugin.hooks, ...plugin.hooks.flatMap(filesBeside)]
    if (plugin.type === 'link') {
      const walked = walk(plugin.root)
      if (walked === undefined) return undefined
      files.push(...walked)
    }
    const stamps = files.map((file) => [file, stamp(file)])
    if (stamps.some(([, value]) => value === undefined)) return undefined
    parts.push([plugin.name, plugin.type, plugin.root, stamps])
  }
  return JSON.stringify(parts)
}

/** The cache file's content when it is well-formed, else undefined (missing, unreadable, corrupt: all just a miss). */
export function readToolListCache(dir: string): ToolListCache | undefined {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(path.join(dir, FILE_NAME), 'utf8'))
  } catch {
    // A cache is only ever a shortcut: whatever is wrong with the file, the tools are loaded for real instead.
    return undefined
  }
  return isToolListCache(value) ? value : undefined
}

/** The cache when it is valid for these plugins' code as it is now on disk. */
export function validToolListCache(dir: string, scope: CacheScope): ToolListCache | undefined {
  const cache = readToolListCache(dir)
  if (!cache) return undefined
  const fingerprint = computeFingerprint(scope, cache.plugins)
  return fingerprint !== undefined && fingerprint === cache.fingerprint ? cache : undefined
}

/**
 * Writes the cache atomically (a reader sees the old file or the new one). The fingerprint must have been taken
 * before the tools were loaded: a file edited meanwhile then no longer matches it, and the next read is a miss.
 * Returns false when nothing was written (the directory is not writable): the CLI works the same without it.
 */
export function writeToolListCache(dir: string, content: Omit<ToolListCache, 'format'>): boolean {
  const file = path.join(dir, FILE_NAME)
  const temporary = `${file}.${process.pid}.tmp`
  try {
    mkdirSync(dir, {recursive: true})
    writeFileSync(temporary, JSON.stringify({format: FORMAT, ...content} satisfies ToolListCache))
    renameSync(temporary, file)
    return true
  } catch {
    // Read-only home, full disk: the next call loads the tools for real, as this one did.
    return false
  }
}

/** size, mtime and ctime: what changes when a file is edited, replaced or touched; undefined when it is not there. */
function stamp(file: string): string | undefined {
  try {
    const stats = statSync(file)
    return `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`
  } catch {
    // Missing or unreadable: the caller treats such a set of plugins as one it cannot vouch for.
    return undefined
  }
}

/** The other files in a hook's directory (a builtin hook's tools live beside it). */
function filesBeside(hook: string): string[] {
  try {
    const dir = path.dirname(hook)
    return readdirSync(dir, {withFileTypes: true})
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(dir, entry.name))
      .sort()
  } catch {
    // The hook's own stamp, taken by the caller, already fails for a hook that is not there.
    return []
  }
}

/** Every file under a linked plugin's root except dependencies and VCS data, or undefined past MAX_LINKED_FILES. */
function walk(root: string): string[] | undefined {
  const files: string[] = []
  const pending = [root]
  while (pending.length > 0) {
    const dir = pending.pop() as string
    let entries
    try {
      entries = readdirSync(dir, {withFileTypes: true})
    } catch {
      // An unreadable folder in a linked plugin: no fingerprint, so no cache for it.
      return undefined
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) pending.push(full)
      } else files.push(full)
      if (files.length > MAX_LINKED_FILES) return undefined
    }
  }
  return files.sort()
}

function isToolListCache(value: unknown): value is ToolListCache {
  if (!value || typeof value !== 'object') return false
  const cache = value as Partial<ToolListCache>
  return (
    cache.format === FORMAT &&
    typeof cache.fingerprint === 'string' &&
    Array.isArray(cache.plugins) &&
    cache.plugins.every(isCachedPlugin) &&
    Array.isArray(cache.tools) &&
    cache.tools.every(isToolDescription) &&
    Array.isArray(cache.problems) &&
    cache.problems.every((problem) => typeof problem === 'string')
  )
}

function isCachedPlugin(value: unknown): value is CachedPlugin {
  const plugin = value as Partial<CachedPlugin> | null
  return (
    typeof plugin?.name === 'string' &&
    typeof plugin.type === 'string' &&
    typeof plugin.root === 'string' &&
    Array.isArray(plugin.hooks) &&
    plugin.hooks.every((hook) => typeof hook === 'string')
  )
}

function isToolDescription(value: unknown): value is ToolDescription {
  const tool = value as Partial<ToolDescription> | null
  return (
    typeof tool?.name === 'string' &&
    typeof tool.description === 'string' &&
    typeof tool.mutates === 'boolean' &&
    typeof tool.source === 'string' &&
    typeof tool.parameters === 'object' &&
    tool.parameters !== null
  )
}
