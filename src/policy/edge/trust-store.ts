import {readFile} from 'node:fs/promises'
import path from 'node:path'

import {z} from 'zod'

import {writeFileAtomic} from '../../runtime/files/atomic-write.js'
import {ConfigError} from '../../runtime/config/config-error.js'
import {errorCode} from '../../runtime/files/file-system-error.js'
import {EMPTY_TRUST_STORE, type TrustStore} from '../trust.js'

const trustStoreSchema = z.object({
  version: z.literal(1),
  files: z.array(z.object({path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), trustedAt: z.string()})),
})

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
