import {randomBytes} from 'node:crypto'
import {constants} from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'

import {errorCode} from './file-system-error.js'

export interface WriteFileAtomicOptions {
  /** Permissions for a new file (the umask still applies); an existing file keeps its own. Default 0o666. */
  mode?: number
  /** Checked before the rename: an aborted write leaves the target untouched. */
  signal?: AbortSignal
}

/**
 * Writes `content` so that readers see either the old file or the new one, never a mix:
 * a temp file in the same directory is written, fsynced and renamed over the target.
 * Missing parent directories are created; an existing file's mode is kept and honoured (one the
 * user may not write is refused with EACCES, as a plain write would be); a symlink is followed so
 * the link stays a link.
 */
export async function writeFileAtomic(
  file: string,
  content: string | Uint8Array | readonly Uint8Array[],
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const target = await realTarget(file)
  const dir = path.dirname(target)
  await fs.mkdir(dir, {recursive: true})
  const existingMode = await modeOf(target)
  // The rename needs only the directory's permission: without this a read-only file would be replaced anyway.
  if (existingMode !== undefined) await fs.access(target, constants.W_OK)
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`)

  // 'wx': never reuse or clobber a file that happens to have the temp name.
  const handle = await fs.open(temp, 'wx', options.mode ?? 0o666)
  try {
    try {
      if (Array.isArray(content)) await writePieces(handle, content, options.signal)
      else await handle.writeFile(content as string | Uint8Array, {signal: options.signal})
      // open() masks the mode with the umask; an existing file's exact mode is restored here.
      if (existingMode !== undefined) await handle.chmod(existingMode)
      await handle.sync()
    } finally {
      await handle.close()
    }
    options.signal?.throwIfAborted()
    await fs.rename(temp, target)
  } catch (error) {
    await fs.rm(temp, {force: true})
    throw error
  }
  await syncDirectory(dir)
}

/** Writes pieces one after the other (a large edit's unchanged parts are written from the bytes they already are). */
async function writePieces(handle: fs.FileHandle, pieces: readonly Uint8Array[], signal: AbortSignal | undefined): Promise<void> {
  for (const piece of pieces) {
    signal?.throwIfAborted()
    for (let written = 0; written < piece.length; ) {
      const {bytesWritten} = await handle.write(piece, written, piece.length - written)
      written += bytesWritten
    }
  }
}

/** The file a write should replace: the end of a symlink chain, or the path itself when it is new. */
async function realTarget(file: string): Promise<string> {
  try {
    return await fs.realpath(file)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return path.resolve(file)
    throw error
  }
}

async function modeOf(file: string): Promise<number | undefined> {
  try {
    const stats = await fs.stat(file)
    return stats.isFile() ? stats.mode & 0o7777 : undefined
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
}

/** Makes the rename itself durable. Windows cannot open a directory for fsync, so it is skipped there. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await fs.open(dir, constants.O_RDONLY)
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
