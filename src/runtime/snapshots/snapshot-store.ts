import {createHash} from 'node:crypto'
import {lstat, mkdir, readFile, rm, rmdir, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {ShadowGit} from './shadow-git.js'

/** A file's change between two snapshots. */
export interface FileChange {
  path: string
  /** git's letter: A added, M modified, D deleted, T type changed. */
  status: string
}

export interface Snapshot {
  /** The git tree of the workspace as it was. */
  tree: string
  /** Files left out because they are larger than the cap. */
  tooLarge: string[]
}

export interface SnapshotLimits {
  /** Files larger than this are left out of snapshots. */
  fileBytes: number
  /** A workspace with more than this (not ignored) is too big to snapshot whole: only what tools write is kept. */
  workspaceBytes: number
}

export const DEFAULT_LIMITS: SnapshotLimits = {fileBytes: 10 * 1024 * 1024, workspaceBytes: 200 * 1024 * 1024}

/** `whole`: every file not ignored; `files`: only the files the tools name (for workspaces too big to snapshot). */
export type SnapshotMode = 'whole' | 'files'

/** The empty tree's id, the same in every git repository. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'
const MODE_FILE = 'lillycoder-mode'

/**
 * Checkpoints of one workspace in a shadow git repository of its own under the state dir: snapshots are git trees
 * (content-addressed, so an unchanged file costs nothing), restores write files back from them. Ignored files
 * (the workspace's .gitignore) and files over the size cap are left out.
 */
export class SnapshotStore {
  private constructor(
    private readonly git: ShadowGit,
    readonly dir: string,
    readonly limits: SnapshotLimits,
    private modeValue: SnapshotMode | undefined,
  ) {}

  /** The store's folder for a workspace: `<state>/snapshots/<hash of the workspace path>`. */
  static dirFor(stateDir: string, workspace: string): string {
    return path.join(stateDir, 'snapshots', createHash('sha256').update(workspace).digest('hex').slice(0, 16))
  }

  /** Opens the workspace's store, creating its repository the first time. */
  static async open(stateDir: string, workspace: string, limits: SnapshotLimits = DEFAULT_LIMITS): Promise<SnapshotStore> {
    const dir = SnapshotStore.dirFor(stateDir, workspace)
    const gitDir = path.join(dir, 'git')
    const git = new ShadowGit(gitDir, workspace)
    if (!(await exists(path.join(gitDir, 'HEAD')))) {
      await mkdir(dir, {recursive: true, mode: 0o700})
      await git.init()
    }
    const mode = await readFile(path.join(dir, MODE_FILE), 'utf8').then(
      (text) => (text.trim() === 'files' ? 'files' : 'whole') as SnapshotMode,
      () => undefined,
    )
    return new SnapshotStore(git, dir, limits, mode)
  }

  /** How this workspace is snapshotted; decided by the first snapshot (whole, unless the workspace is too big). */
  get mode(): SnapshotMode | undefined {
    return this.modeValue
  }

  /**
   * Snapshots the workspace: in `whole` mode every file not ignored and under the cap; in `files` mode the given
   * paths (workspace-relative) on top of what the store already holds. The first snapshot decides the mode.
   */
  async snapshot(paths: readonly string[] = []): Promise<Snapshot & {mode: SnapshotMode}> {
    if (this.modeValue === 'files') return {tree: await this.snapshotPaths(paths), tooLarge: [], mode: 'files'}
    // Only files git sees as new, changed or gone are looked at: after the first snapshot that is what changed.
    const candidates = (await this.git.list(['ls-files', '-z', '--others', '--modified', '--exclude-standard'])).filter((file) => !file.endsWith('/'))
    const sizes = await Promise.all(candidates.map((file) => fileSize(path.join(this.git.workTree, file))))
    if (this.modeValue === undefined) {
      const total = sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0)
      await this.setMode(total > this.limits.workspaceBytes ? 'files' : 'whole')
      if (this.modeValue === 'files') return {tree: await this.snapshotPaths(paths), tooLarge: [], mode: 'files'}
    }
    const tooLarge = candidates.filter((_, index) => (sizes[index] ?? 0) > this.limits.fileBytes)
    const kept = candidates.filter((_, index) => (sizes[index] ?? 0) <= this.limits.fileBytes)
    await this.updateIndex(kept)
    if (tooLarge.length > 0) await this.git.run(['update-index', '--force-remove', '-z', '--stdin'], {input: nulList(tooLarge)})
    return {tree: await this.writeTree(), tooLarge, mode: 'whole'}
  }

  /** The files that differ between two snapshots, limited to `paths` when given. */
  async changes(from: string, to: string, paths?: readonly string[]): Promise<FileChange[]> {
    if (paths && paths.length === 0) return []
    const fields = await this.git.list(['diff-tree', '-r', '-z', '--no-renames', '--name-status', from, to, ...(paths ? ['--', ...paths] : [])])
    const changes: FileChange[] = []
    for (let index = 0; index + 1 < fields.length; index += 2) changes.push({status: fields[index], path: fields[index + 1]})
    return changes
  }

  /** Puts `paths` back as they are in `tree`: files the tree has are written, files it lacks are deleted. */
  async restore(tree: string, paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return
    const inTree = new Set(await this.git.list(['ls-tree', '-r', '-z', '--name-only', tree, '--', ...paths]))
    const present = paths.filter((file) => inTree.has(file))
    const absent = paths.filter((file) => !inTree.has(file))
    for (const file of absent) {
      const full = path.join(this.git.workTree, file)
      await rm(full, {force: true})
      await removeEmptyParents(path.dirname(full), this.git.workTree)
    }
    if (present.length > 0) await this.git.run(['checkout', '--quiet', tree, '--pathspec-from-file=-', '--pathspec-file-nul'], {input: nulList(present)})
    // The index now matches the workspace for these files; record deletions too, so the next snapshot starts right.
    await this.updateIndex(absent)
  }

  /** A unified diff from one snapshot to another, limited to `paths`. */
  async diff(from: string, to: string, paths: readonly string[]): Promise<string> {
    if (paths.length === 0) return ''
    return this.git.run(['diff', '--no-color', '--no-ext-diff', '--no-renames', from, to, '--', ...paths])
  }

  /** The tree with nothing in it: what a snapshot before the first file looks like. */
  static get emptyTree(): string {
    return EMPTY_TREE
  }

  private async snapshotPaths(paths: readonly string[]): Promise<string> {
    await this.updateIndex(paths)
    return this.writeTree()
  }

  /** Brings the index up to date for these paths: existing files added, missing ones removed. */
  private async updateIndex(paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return
    await this.git.run(['update-index', '--add', '--remove', '-z', '--stdin'], {input: nulList(paths)})
  }

  private async writeTree(): Promise<string> {
    return (await this.git.run(['write-tree'])).trim()
  }

  private async setMode(mode: SnapshotMode): Promise<void> {
    this.modeValue = mode
    await writeFile(path.join(this.dir, MODE_FILE), `${mode}\n`)
  }
}

function nulList(paths: readonly string[]): string {
  return paths.map((file) => `${file}\0`).join('')
}

async function fileSize(file: string): Promise<number | undefined> {
  try {
    return (await lstat(file)).size
  } catch {
    return undefined // gone since git listed it: nothing to weigh, and the index update records it as removed
  }
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  )
}

/** After undoing a file that a turn created, the folders made for it go too (never the workspace itself). */
async function removeEmptyParents(dir: string, root: string): Promise<void> {
  let current = dir
  while (current.startsWith(`${root}${path.sep}`)) {
    try {
      await rmdir(current)
    } catch {
      return // not empty (or not ours to remove): stop here
    }
    current = path.dirname(current)
  }
}
