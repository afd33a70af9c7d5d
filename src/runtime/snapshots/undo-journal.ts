import {mkdir, readdir, readFile, rename, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {z} from 'zod'

import {prunedAt} from './prune-tombstones.js'
import {SnapshotError} from './snapshot-error.js'

const turnSchema = z.object({
  /** The workspace before the turn's first change, and after the turn. */
  before: z.string(),
  after: z.string(),
  /** The files the turn changed, workspace-relative. */
  files: z.array(z.string()),
  at: z.string(),
})

const journalSchema = z.object({
  version: z.literal(1),
  session: z.string(),
  workspace: z.string(),
  turns: z.array(turnSchema),
  /** How many turns from the end are undone (redo re-applies them, newest undone last). */
  undone: z.number().int().nonnegative(),
  /** Set when the session's earlier history was pruned (its checkpoints dropped); turns after it are kept as usual. */
  prunedAt: z.string().optional(),
})

export type UndoTurn = z.output<typeof turnSchema>
export type UndoJournal = z.output<typeof journalSchema>

/** `<store>/journal`: one file per session, so the shell's `lillycoder undo` finds the newest. */
export function journalDir(storeDir: string): string {
  return path.join(storeDir, 'journal')
}

export function emptyJournal(session: string, workspace: string): UndoJournal {
  return {version: 1, session, workspace, turns: [], undone: 0}
}

/** Reads a session's journal; a missing one is empty. */
export async function loadJournal(storeDir: string, session: string, workspace: string): Promise<UndoJournal> {
  const file = path.join(journalDir(storeDir), `${session}.json`)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    const pruned = await prunedAt(storeDir, session)
    return pruned === undefined ? emptyJournal(session, workspace) : {...emptyJournal(session, workspace), prunedAt: pruned}
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  const checked = journalSchema.safeParse(parsed)
  if (!checked.success) throw new SnapshotError(`the undo journal ${file} is unreadable`, 'it is not a journal this lillycoder wrote', 'it was left as it is; remove it to start undo over')
  return checked.data
}

/** Saves the journal whole (it is small: two tree ids and a file list per turn), atomically. */
export async function saveJournal(storeDir: string, journal: UndoJournal): Promise<void> {
  const dir = journalDir(storeDir)
  await mkdir(dir, {recursive: true})
  const file = path.join(dir, `${journal.session}.json`)
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, `${JSON.stringify(journal)}\n`)
  await rename(temporary, file)
}

/** Whether the session has an undo history here, or had one that was pruned. */
export async function journalExists(storeDir: string, session: string): Promise<boolean> {
  const found = await stat(path.join(journalDir(storeDir), `${session}.json`)).then(
    () => true,
    () => false,
  )
  return found || (await prunedAt(storeDir, session)) !== undefined
}

/** The session whose journal was written last (the newest that changed files here), if any. */
export async function newestJournalSession(storeDir: string): Promise<string | undefined> {
  const dir = journalDir(storeDir)
  const names = await readdir(dir).catch(() => [] as string[])
  const dated = await Promise.all(
    names.filter((name) => name.endsWith('.json')).map(async (name) => ({session: name.slice(0, -'.json'.length), time: (await stat(path.join(dir, name))).mtimeMs})),
  )
  dated.sort((a, b) => b.time - a.time)
  return dated[0]?.session
}
