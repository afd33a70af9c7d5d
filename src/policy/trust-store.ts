import {readFile} from 'node:fs/promises'
import path from 'node:path'

import {z} from 'zod'

import {writeFileAtomic} from '../runtime/atomic-write.js'
import {ConfigError} from '../runtime/config-error.js'
import {errorCode} from '../runtime/file-system-error.js'

/** A project config file whose allow rules the user accepted, pinned to the content they saw. */
export interface TrustedFile {
  path: string
  sha256: string
  trustedAt: string
}

export interface TrustStore {
  version: 1
  files: TrustedFile[]
}

const trustStoreSchema = z.object({
  version: z.literal(1),
  files: z.array(z.object({path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), trustedAt: z.string()})),
})

export const EMPTY_TRUST_STORE: TrustStore = {version: 1, files: []}

/** `$XDG_STATE_HOME/lillycoder/trusted.json`. */
export function trustStorePath(stateDir: string): string {
  return path.join(stateDir, 'trusted.json')
}

/** A missing store trusts nothing; a damaged one is an error (never read as "empty" and never overwritten unseen). */
export async function loadTrustStore(stateDir: string): Promise<TrustStore> {
  const file = trustStorePath(stateDir)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return EMPTY_TRUST_STORE
    throw new ConfigError(file, `cannot be read (${(error as Error).message})`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(file, `is not valid JSON (${(error as Error).message}); delete it to forget all trusted policy files`)
  }
  const parsed = trustStoreSchema.safeParse(data)
  if (!parsed.success) throw new ConfigError(file, 'is not a lillycoder trust store; delete it to forget all trusted policy files')
  return parsed.data
}

/** Written atomically: a crash leaves the old store or the new one, never half of one. */
export async function saveTrustStore(stateDir: string, store: TrustStore): Promise<void> {
  await writeFileAtomic(trustStorePath(stateDir), `${JSON.stringify(store, null, 2)}\n`)
}

export function isTrusted(store: TrustStore, file: string, sha256: string): boolean {
  return store.files.some((entry) => entry.path === file && entry.sha256 === sha256)
}

/** Trusts `file` as it is now; an earlier trust of other content is replaced. */
export function trust(store: TrustStore, file: string, sha256: string, at: Date): TrustStore {
  return {version: 1, files: [...store.files.filter((entry) => entry.path !== file), {path: file, sha256, trustedAt: at.toISOString()}]}
}

export function untrust(store: TrustStore, file: string): {store: TrustStore; removed: boolean} {
  const files = store.files.filter((entry) => entry.path !== file)
  return {store: {version: 1, files}, removed: files.length !== store.files.length}
}
