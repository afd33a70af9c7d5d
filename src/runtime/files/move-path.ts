import {randomBytes} from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

import {errorCode} from './file-system-error.js'

/**
 * Renames a file or directory. Across file systems (EXDEV), where rename cannot work, it copies
 * and then removes the source instead. An existing file at `to` is replaced, as rename does.
 */
export async function movePath(from: string, to: string, options: {signal?: AbortSignal} = {}): Promise<void> {
  try {
    await fs.rename(from, to)
  } catch (error) {
    if (errorCode(error) !== 'EXDEV') throw error
    await copyThenRemove(from, to, options)
  }
}

/**
 * The cross-device move: copy into a temp name beside `to`, rename it into place (same file
 * system now, so atomic), then remove the source. A failed copy leaves `from` and `to` as they were.
 */
export async function copyThenRemove(from: string, to: string, options: {signal?: AbortSignal} = {}): Promise<void> {
  const temp = path.join(path.dirname(to), `.${path.basename(to)}.${randomBytes(6).toString('hex')}.moving`)
  try {
    await fs.cp(from, temp, {recursive: true, errorOnExist: true, force: false, preserveTimestamps: true, verbatimSymlinks: true})
    options.signal?.throwIfAborted()
    await fs.rename(temp, to)
  } catch (error) {
    await fs.rm(temp, {recursive: true, force: true})
    throw error
  }
  await fs.rm(from, {recursive: true})
}
