import {mkdir, realpath} from 'node:fs/promises'
import path from 'node:path'

import {errorText} from '../text/error-text.js'
import {bwrapArguments, isInside, planSandbox, type SandboxedCommandKind, type SandboxPlan} from './sandbox-plan.js'
import {probeSandbox} from './sandbox-probe.js'

export const SANDBOX_MODES = ['auto', 'on', 'off'] as const
export type SandboxMode = (typeof SANDBOX_MODES)[number]

/** The sandbox as the user asked for it: `sandbox` in the user config, `--sandbox` on chat and run. */
export interface SandboxSettings {
  mode: SandboxMode
  /** Where the mode came from, for the messages: `--sandbox`, `config`, `default`. */
  modeSource: string
  /** `sandbox.network: on`: bash keeps the network. */
  network: boolean
  /** `sandbox.writable`: more paths under home that commands may write (`~/x` or absolute). */
  writable: readonly string[]
}

/** Caches that package managers and test runners write; each one is writable when it exists. */
export const DEFAULT_WRITABLE_CACHES = ['.npm', '.cache', '.cargo/registry', '.cargo/git', '.local/share/pnpm', '.yarn/berry/cache', '.bun/install/cache', 'go/pkg/mod']

/** What a session's commands run in. */
export type SessionSandbox =
  | {
      state: 'sandboxed'
      mode: SandboxMode
      bwrap: string
      /** The plan for one kind of command in the workspace. */
      planFor(kind: SandboxedCommandKind, workspace: string): SandboxPlan
      /** Writable paths besides the workspace (caches and sandbox.writable). */
      writable: readonly string[]
      bashNetwork: boolean
    }
  | {state: 'unsandboxed'; mode: SandboxMode; why: string}
  /** `--sandbox on` without a working sandbox: every command is refused with this reason. */
  | {state: 'refusing'; mode: 'on'; reason: string; hint: string}

export interface SandboxSetup {
  sandbox: SessionSandbox
  /** One line each: a writable path left out, commands running unsandboxed under auto. */
  warnings: string[]
}

export interface SandboxPlace {
  /** Absolute real path of the workspace root. */
  workspace: string
  home?: string
  /** lillycoder's own config, state, data and cache dirs. */
  protectedPaths: readonly string[]
  platform?: NodeJS.Platform
  searchPath?: string
}

/** Resolves the mode against the machine: probes bubblewrap once, checks the writable paths, and says what it decided. */
export async function setUpSandbox(settings: SandboxSettings, place: SandboxPlace): Promise<SandboxSetup> {
  const warnings: string[] = []
  if (settings.mode === 'off') return {sandbox: {state: 'unsandboxed', mode: 'off', why: `sandbox is off (${settings.modeSource})`}, warnings}
  const home = place.home === undefined ? undefined : await realOrUndefined(place.home)
  const writable = await writablePaths(settings.writable, home, warnings)
  const unavailable = (reason: string, hint: string): SandboxSetup => {
    if (settings.mode === 'on') return {sandbox: {state: 'refusing', mode: 'on', reason, hint}, warnings}
    warnings.push(`commands run unsandboxed: ${reason}; ${hint}`)
    return {sandbox: {state: 'unsandboxed', mode: settings.mode, why: reason}, warnings}
  }
  if (place.workspace === path.parse(place.workspace).root)
    return unavailable(`the workspace is ${place.workspace}, the whole file system`, 'start lillycoder in a project folder')
  const protectedPaths = await ownPathsToProtect(place.protectedPaths, [...writable, place.workspace])
  const planFor = (kind: SandboxedCommandKind, workspace: string) =>
    planSandbox({kind, workspace, home, writable, protectedPaths, bashNetwork: settings.network})
  const probe = await probeSandbox({
    argv: bwrapArguments(planFor('bash', place.workspace), {file: 'true', args: []}),
    platform: place.platform,
    searchPath: place.searchPath,
  })
  if (!probe.available) return unavailable(probe.reason, probe.hint)
  return {sandbox: {state: 'sandboxed', mode: settings.mode, bwrap: probe.bwrap, planFor, writable, bashNetwork: settings.network}, warnings}
}

/** The caches that exist, then the configured paths that exist and lie under home; each one left out is said. */
async function writablePaths(configured: readonly string[], home: string | undefined, warnings: string[]): Promise<string[]> {
  if (home === undefined) {
    if (configured.length > 0) warnings.push('sandbox.writable is ignored: there is no home directory ($HOME) to hold it')
    return []
  }
  const paths: string[] = []
  for (const cache of DEFAULT_WRITABLE_CACHES) {
    const real = await realOrUndefined(path.join(home, cache))
    if (real !== undefined && isInside(real, home)) paths.push(real)
  }
  for (const entry of configured) {
    const expanded = entry === '~' ? home : entry.startsWith('~/') ? path.join(home, entry.slice(2)) : entry
    if (!path.isAbsolute(expanded)) {
      warnings.push(`sandbox.writable: "${entry}" is left out: write it as ~/path or an absolute path under ${home}`)
      continue
    }
    const real = await realOrUndefined(expanded)
    if (real === undefined) warnings.push(`sandbox.writable: ${expanded} does not exist, so it is left out`)
    else if (!isInside(real, home) || real === home) warnings.push(`sandbox.writable: ${expanded} is left out: only paths inside ${home} (not home itself) can be made writable`)
    else if (!paths.includes(real)) paths.push(real)
  }
  return paths
}

/**
 * lillycoder's own dirs that a writable mount would cover. A missing one is created empty first: bwrap can only
 * bind what exists, and left missing, a command could create it and plant config or trust for the next session.
 */
async function ownPathsToProtect(own: readonly string[], writable: readonly string[]): Promise<string[]> {
  const result: string[] = []
  for (const dir of own) {
    if (!writable.some((mount) => isInside(dir, mount))) continue
    try {
      await mkdir(dir, {recursive: true})
      result.push(await realpath(dir))
    } catch (error) {
      throw new Error(`cannot prepare ${dir} to be read-only in the sandbox: ${errorText(error)}`)
    }
  }
  return result
}

async function realOrUndefined(file: string): Promise<string | undefined> {
  // A path that does not exist (or cannot be resolved) is simply not mounted; the caller says so where it matters.
  return realpath(file).catch(() => undefined)
}
