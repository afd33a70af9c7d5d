import {open, stat} from 'node:fs/promises'

import {resolveInsideWorkspace} from '../../policy/edge/confine.js'
import {binaryReason, SNIFF_BYTES} from '../../runtime/files/file-kind.js'
import {formatSize} from '../../runtime/text/format-size.js'
import type {AtReference} from './at-references.js'

/** Of one file, at most this much is attached (the first part, cut at a line end); the rest is left for read_file. */
export const FILE_CAP_BYTES = 64 * 1024
/** All attachments of one message together; past it the message is refused rather than cut further. */
export const MESSAGE_CAP_BYTES = 256 * 1024

/** A file's text as it goes into the message. */
export interface Attachment {
  /** As the person wrote it after `@`. */
  path: string
  text: string
  lines: number
  /** The file's whole size on disk. */
  bytes: number
  /** True when only the first FILE_CAP_BYTES (to a line end) are attached. */
  cut: boolean
}

/** Why a message was not sent: one line naming the file. */
export class AttachmentError extends Error {
  override readonly name = 'AttachmentError'
}

/**
 * Reads each reference inside `workspace`, with read_file's rules: confined (symlinks followed, nothing outside),
 * regular UTF-8 text files only. A bare `@word` that names no file is no reference (a handle, a decorator) and is
 * skipped; a path-shaped one that is missing throws, so a typo is fixed instead of sent. Throws AttachmentError.
 */
export async function readAttachments(references: readonly AtReference[], workspace: string, home?: string): Promise<Attachment[]> {
  const attachments: Attachment[] = []
  let total = 0
  for (const reference of references) {
    const attachment = await readAttachment(reference, workspace, home)
    if (!attachment) continue
    total += Buffer.byteLength(attachment.text)
    if (total > MESSAGE_CAP_BYTES)
      throw new AttachmentError(`attachments over ${formatSize(MESSAGE_CAP_BYTES)} in one message (at @${reference.path}); attach fewer files, or ask the model to read them`)
    attachments.push(attachment)
  }
  return attachments
}

async function readAttachment(reference: AtReference, workspace: string, home: string | undefined): Promise<Attachment | undefined> {
  const shown = `@${reference.path}`
  const confinement = await resolveInsideWorkspace(workspace, reference.path, {home})
  if (!confinement.inside) {
    // A bare word that is no file is ordinary text; one that leads outside is still refused (it names a file).
    if (!reference.pathLike && !(await exists(confinement.resolved))) return undefined
    throw new AttachmentError(`cannot attach ${shown}: ${confinement.reason ?? 'it is outside the workspace'}`)
  }
  const stats = await stat(confinement.resolved).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new AttachmentError(`cannot attach ${shown}: ${(error as Error).message}`)
  })
  if (!stats) {
    if (!reference.pathLike) return undefined
    throw new AttachmentError(`no file ${reference.path} in the workspace (${shown})`)
  }
  if (stats.isDirectory()) throw new AttachmentError(`cannot attach ${shown}: it is a directory; name a file in it`)
  if (!stats.isFile()) throw new AttachmentError(`cannot attach ${shown}: it is not a regular file`)
  const head = await readHead(confinement.resolved, FILE_CAP_BYTES + 1)
  const binary = binaryReason(head.subarray(0, SNIFF_BYTES))
  if (binary) throw new AttachmentError(`cannot attach ${shown}: it is a binary file (${binary}); only UTF-8 text is attached`)
  const cut = stats.size > FILE_CAP_BYTES || head.length > FILE_CAP_BYTES
  const text = cut ? cutAtLineEnd(head.subarray(0, FILE_CAP_BYTES)) : head.toString('utf8')
  return {path: reference.path, text, lines: countLines(text), bytes: stats.size, cut}
}

/** The attached part of a cut file: whole lines only, and no half of a multi-byte character. */
function cutAtLineEnd(bytes: Buffer): string {
  const end = bytes.lastIndexOf(0x0a)
  return (end > 0 ? bytes.subarray(0, end + 1) : bytes).toString('utf8').replace(/\uFFFD$/, '')
}

/** Lines as an editor numbers them: a final newline does not start another. */
export function countLines(text: string): number {
  if (text === '') return 0
  const newlines = text.split('\n').length - 1
  return text.endsWith('\n') ? newlines : newlines + 1
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(bytes)
    let filled = 0
    // One read may return less than asked (pipes, network file systems): read until full or the end.
    while (filled < bytes) {
      const {bytesRead} = await handle.read(buffer, filled, bytes - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return buffer.subarray(0, filled)
  } finally {
    await handle.close()
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  )
}
