import {mkdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

/** `<store>/pruned/<session>.json`: what is left of a pruned session, so undo can say its history was pruned. */
export function tombstoneFile(storeDir: string, session: string): string {
  return path.join(storeDir, 'pruned', `${session}.json`)
}

export async function writeTombstone(storeDir: string, session: string, prunedAt: Date): Promise<void> {
  const file = tombstoneFile(storeDir, session)
  await mkdir(path.dirname(file), {recursive: true})
  await writeFile(file, `${JSON.stringify({session, prunedAt: prunedAt.toISOString()})}\n`)
}

/** When the session's undo history was pruned (an ISO date), or undefined if it was not. */
export async function prunedAt(storeDir: string, session: string): Promise<string | undefined> {
  const text = await readFile(tombstoneFile(storeDir, session), 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  const match = /"prunedAt":"([^"]+)"/.exec(text)
  // A tombstone that cannot be read still says the history is gone; only the date is unknown.
  return match?.[1] ?? 'an unknown date'
}
