import {lstat, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {chooseSessionsToPrune, DEFAULT_PRUNE_LIMITS, type JournalAge, type PruneLimits, pruneIsDue} from './prune-policy.js'
import {writeTombstone} from './prune-tombstones.js'
import {ShadowGit} from './shadow-git.js'
import {journalDir, loadJournal} from './undo-journal.js'

export interface PruneOptions {
  /** The session starting now: never dropped. */
  current?: string
  limits?: PruneLimits
  /** The clock (a parameter so tests can move it). */
  now?: Date
  /**
   * `git gc --prune=` value. Unreferenced objects younger than this stay: another lillycoder in the same folder may
   * be mid-turn, its checkpoint written but not yet in its journal (git freshens an object it writes again).
   */
  grace?: string
}

export type PruneResult = {ran: false; why: 'no store' | 'not due'} | {ran: true; kept: string[]; dropped: string[]; collected: boolean}

const REF_PREFIX = 'refs/lillycoder/sessions/'
const STAMP_FILE = 'last-prune'

/**
 * Drops the undo history of old sessions in one workspace's store, at most once per `everyHours`: a kept
 * session's checkpoint trees get a ref (so `git gc` keeps them); a dropped one's journal becomes a tombstone and
 * its ref goes; then `git gc` removes what nothing refers to any more. Only runs the gc when something was dropped.
 */
export async function pruneSnapshots(storeDir: string, workspace: string, options: PruneOptions = {}): Promise<PruneResult> {
  const {limits = DEFAULT_PRUNE_LIMITS, now = new Date(), grace = '1.hour.ago'} = options
  const gitDir = path.join(storeDir, 'git')
  if (!(await exists(path.join(gitDir, 'HEAD')))) return {ran: false, why: 'no store'}
  if (!pruneIsDue(await lastPrune(storeDir), now, limits)) return {ran: false, why: 'not due'}
  // Stamped first: two sessions starting together do not both prune, and a failing prune is not retried each start.
  await writeFile(path.join(storeDir, STAMP_FILE), `${now.toISOString()}\n`)
  const {keep, drop} = chooseSessionsToPrune(await journalAges(storeDir), now, limits, options.current)
  const git = new ShadowGit(gitDir, workspace)
  for (const session of keep) await refCheckpoints(git, storeDir, session, workspace)
  for (const session of drop) {
    await writeTombstone(storeDir, session, now)
    await rm(path.join(journalDir(storeDir), `${session}.json`), {force: true})
  }
  const kept = new Set(keep)
  const refs = (await git.run(['for-each-ref', '--format=%(refname)', REF_PREFIX])).split('\n').filter(Boolean) // ref names hold no newline
  for (const ref of refs) if (!kept.has(ref.slice(REF_PREFIX.length))) await git.run(['update-ref', '-d', ref])
  if (drop.length === 0) return {ran: true, kept: keep, dropped: drop, collected: false}
  await git.run(['gc', '--quiet', `--prune=${grace}`])
  return {ran: true, kept: keep, dropped: drop, collected: true}
}

/** One ref per kept session, to a tree holding each of its checkpoints: what refers to them when `git gc` runs. */
async function refCheckpoints(git: ShadowGit, storeDir: string, session: string, workspace: string): Promise<void> {
  const journal = await loadJournal(storeDir, session, workspace)
  const trees = [...new Set(journal.turns.flatMap((turn) => [turn.before, turn.after]))]
  if (trees.length === 0) return
  const listing = trees.map((tree, index) => `040000 tree ${tree}\t${index}\n`).join('')
  // mktree checks each tree exists: a journal naming a lost tree fails here, before any gc runs.
  const holder = (await git.run(['mktree'], {input: listing})).trim()
  await git.run(['update-ref', `${REF_PREFIX}${session}`, holder])
}

async function journalAges(storeDir: string): Promise<JournalAge[]> {
  const dir = journalDir(storeDir)
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json'))
  return Promise.all(names.map(async (name) => ({session: name.slice(0, -'.json'.length), updated: (await stat(path.join(dir, name))).mtime})))
}

async function lastPrune(storeDir: string): Promise<Date | undefined> {
  const text = await readFile(path.join(storeDir, STAMP_FILE), 'utf8').catch(() => undefined)
  const date = text === undefined ? undefined : new Date(text.trim())
  return date && !Number.isNaN(date.getTime()) ? date : undefined
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  )
}
