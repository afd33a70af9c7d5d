import os from 'node:os'
import path from 'node:path'

import {ToolError} from '../tools/tool-error.js'

/** A model-supplied path as a tool will see it, or why no tool may touch it. */
export type ToolPath = {kind: 'path'; path: string} | {kind: 'refused'; reason: string}

/** Whose home `~` means when the caller does not say: $HOME, else the account's home directory. */
export function defaultHome(): string {
  return process.env.HOME || os.homedir()
}

/**
 * `~` and `~/x` mean the home directory, as a shell user reads them; the result is not normalised,
 * since `..` must wait until symlinks are followed. `~user/x` is refused rather than read as a
 * file named `~user` in the workspace: a model writing it means someone's home.
 */
export function expandTilde(target: string, home: string): ToolPath {
  if (target === '~' || target.startsWith('~/')) return {kind: 'path', path: home + target.slice(1)}
  if (/^~[^/]/.test(target))
    return {kind: 'refused', reason: `${target}: ~user paths are not expanded; give the path relative to the workspace or absolute`}
  return {kind: 'path', path: target}
}

/** The absolute, normalised path a tool touches for `target`: the one function the policy and the tools share. */
export function locateToolPath(workspace: string, target: string, home: string): ToolPath {
  const expanded = expandTilde(target, home)
  return expanded.kind === 'refused' ? expanded : {kind: 'path', path: path.resolve(workspace, expanded.path)}
}

/** {@link locateToolPath} for a tool: a refused path is a ToolError the model can act on. */
export function resolveToolPath(workspace: string, target: string, home: string): string {
  const located = locateToolPath(workspace, target, home)
  if (located.kind === 'path') return located.path
  throw new ToolError({what: `cannot use the path ${target}`, why: located.reason})
}

/** The POSIX path of `target` relative to `dir` (`.` for `dir` itself), or undefined when it is not inside. Both absolute. */
export function relativeInsideDir(dir: string, target: string): string | undefined {
  const relative = path.relative(dir, target)
  if (relative === '') return '.'
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined
  return relative.split(path.sep).join('/')
}

/** Whether `target` is `dir` or below it, lexically (both absolute; symlinks are the caller's business). */
export function isInsideDir(dir: string, target: string): boolean {
  return relativeInsideDir(dir, target) !== undefined
}
