import {isUtf8} from 'node:buffer'
import fs from 'node:fs/promises'

import {binaryReason, SNIFF_BYTES} from './file-kind.js'
import {errorCode, fileToolError} from './file-system-error.js'
import {ToolError} from '../tools/tool-error.js'

/** Bigger files are not read into memory to be diffed or edited. */
export const MAX_TEXT_BYTES = 16 * 1024 * 1024

/** What is at a path a tool is about to replace or change. */
export type ExistingFile =
  | {kind: 'missing'}
  | {kind: 'text'; text: string; size: number}
  /** Not UTF-8 text, by the same rule as read_file's (file-kind.ts); `reason` says why. */
  | {kind: 'binary'; size: number; reason: string}
  | {kind: 'large'; size: number}

/**
 * Reads the file at `file` (named `shown` in errors) if there is one. A directory or a device
 * is refused with a ToolError; so is anything else the file system objects to, except absence.
 */
export async function readExistingFile(file: string, shown: string): Promise<ExistingFile> {
  let stats
  try {
    stats = await fs.stat(file)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return {kind: 'missing'}
    throw fileToolError(error, shown)
  }
  if (stats.isDirectory()) {
    throw new ToolError({what: `${shown} is a directory`, why: 'only a file can be written or edited', hint: 'give the path of a file'})
  }
  if (!stats.isFile()) throw new ToolError({what: `${shown} is not a regular file`, why: 'it is a device, socket or pipe'})
  if (stats.size > MAX_TEXT_BYTES) return {kind: 'large', size: stats.size}
  const bytes = await fs.readFile(file)
  const reason = binaryReason(bytes.subarray(0, SNIFF_BYTES))
  if (reason !== undefined) return {kind: 'binary', size: stats.size, reason}
  // Mostly text, but an invalid byte anywhere would come back as U+FFFD from a rewrite: the edit would corrupt it.
  if (!isUtf8(bytes)) return {kind: 'binary', size: stats.size, reason: 'some of its bytes are not valid UTF-8, and rewriting it as text would replace them'}
  return {kind: 'text', text: bytes.toString('utf8'), size: stats.size}
}
