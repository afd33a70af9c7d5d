import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'

import type {PackageManager} from './package-install-command.js'

export type PackageManagerDetection = {manager: PackageManager; reason: string} | {manager: null; reason: string}

/** What the workspace root holds that tells the package manager apart. */
export interface ProjectFiles {
  /** File names in the workspace root. */
  names: ReadonlySet<string>
  /** pyproject.toml's text, when there is one. */
  pyproject?: string
}

/** Reads the workspace root and decides its package manager (see choosePackageManager). */
export async function detectPackageManager(workspace: string): Promise<PackageManagerDetection> {
  const names = new Set(await readdir(workspace))
  const pyproject = names.has('pyproject.toml') ? await readFile(path.join(workspace, 'pyproject.toml'), 'utf8') : undefined
  return choosePackageManager({names, pyproject})
}

/**
 * Lockfiles decide within an ecosystem; a project that looks like two ecosystems (package.json and
 * pyproject.toml, say) gets no answer, since guessing would install into the wrong one.
 */
function choosePackageManager({names, pyproject}: ProjectFiles): PackageManagerDetection {
  const candidates = [nodeManager(names), pythonManager(names, pyproject), cargoManager(names), goManager(names)].filter(
    (candidate): candidate is {manager: PackageManager; reason: string} => candidate !== undefined,
  )
  if (candidates.length === 1) return candidates[0]
  if (candidates.length === 0) {
    return {
      manager: null,
      reason: 'no package.json, lockfile, pyproject.toml, requirements.txt, setup.py, Cargo.toml or go.mod in the workspace root',
    }
  }
  return {manager: null, reason: `the workspace root has more than one kind of project: ${candidates.map((c) => c.reason).join('; ')}`}
}

function nodeManager(names: ReadonlySet<string>) {
  const found = (manager: PackageManager, file: string) => ({manager, reason: `${manager} (${file})`})
  if (names.has('pnpm-lock.yaml')) return found('pnpm', 'pnpm-lock.yaml')
  if (names.has('yarn.lock')) return found('yarn', 'yarn.lock')
  if (names.has('bun.lockb')) return found('bun', 'bun.lockb')
  if (names.has('bun.lock')) return found('bun', 'bun.lock')
  if (names.has('package-lock.json')) return found('npm', 'package-lock.json')
  if (names.has('package.json')) return found('npm', 'package.json')
  return undefined
}

function pythonManager(names: ReadonlySet<string>, pyproject: string | undefined) {
  if (names.has('uv.lock')) return {manager: 'uv' as const, reason: 'uv (uv.lock)'}
  if (pyproject !== undefined && /^\s*\[\[?tool\.uv(?:\.[^\]]*)?\]/mu.test(pyproject)) {
    return {manager: 'uv' as const, reason: 'uv (pyproject.toml has [tool.uv])'}
  }
  const file = ['pyproject.toml', 'requirements.txt', 'setup.py'].find((name) => names.has(name))
  return file ? {manager: 'pip' as const, reason: `pip (${file})`} : undefined
}

function cargoManager(names: ReadonlySet<string>) {
  return names.has('Cargo.toml') ? {manager: 'cargo' as const, reason: 'cargo (Cargo.toml)'} : undefined
}

function goManager(names: ReadonlySet<string>) {
  return names.has('go.mod') ? {manager: 'go' as const, reason: 'go (go.mod)'} : undefined
}
