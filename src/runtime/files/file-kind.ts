import fs from 'node:fs/promises'

/** Reads ahead a file in chunks this size; a NUL byte in the first one makes the file binary (as in ripgrep). */
export const BINARY_SNIFF_BYTES = 64 * 1024

/**
 * What "binary" means, in one place. There are two answers on purpose:
 * - grep follows ripgrep exactly (both of its engines must answer alike): a NUL byte in the first
 *   64 KB makes a file binary, unless the file starts with a UTF-16 byte order mark, which ripgrep
 *   decodes and searches. Invalid UTF-8 is searched as it is.
 * - read_file, write_file and edit_file work with UTF-8 text only, so they are stricter: a NUL byte,
 *   mostly invalid UTF-8, or UTF-16 (they would show it as garbage, and an edit would re-encode it)
 *   is not text to them. grep finding a line in a UTF-16 file that read_file refuses is therefore
 *   expected; binaryReason says why, so the refusal can name the encoding instead of "binary".
 */

/** How many leading bytes decide whether a file is text for read_file, write_file and edit_file. */
export const SNIFF_BYTES = 8192

/** Above this share of suspicious bytes (invalid UTF-8, control characters) a sample counts as binary. */
const SUSPICIOUS_SHARE = 0.1

export type Utf16Encoding = 'utf-16le' | 'utf-16be'

/** The UTF-16 encoding a file's first bytes announce with a byte order mark, if they do. */
export function utf16Encoding(start: Uint8Array): Utf16Encoding | undefined {
  if (start[0] === 0xff && start[1] === 0xfe) return 'utf-16le'
  if (start[0] === 0xfe && start[1] === 0xff) return 'utf-16be'
  return undefined
}

/** ripgrep's rule for a file's first chunk (up to BINARY_SNIFF_BYTES): a NUL byte, unless it is UTF-16 with a BOM. */
export function grepSeesBinary(start: Uint8Array): boolean {
  return utf16Encoding(start) === undefined && start.includes(0)
}

/** grepSeesBinary for a file on disk, reading only its first chunk. */
export async function grepSeesBinaryFile(file: string): Promise<boolean> {
  return grepSeesBinary(await readStart(file, BINARY_SNIFF_BYTES))
}

/**
 * Why `sample` (a file's first bytes) is not UTF-8 text, or undefined when it is: UTF-16 (by its byte
 * order mark), a NUL byte, or more than a tenth of it invalid UTF-8 or control characters. A Latin-1
 * accent here and there stays text.
 */
export function binaryReason(sample: Uint8Array): string | undefined {
  if (sample.length === 0) return undefined
  const utf16 = utf16Encoding(sample)
  if (utf16) return `it is ${utf16.toUpperCase()} text (it starts with a byte order mark), not UTF-8`
  if (sample.includes(0)) return 'it contains NUL bytes'
  // stream: true holds back a multi-byte character cut off at the end of the sample instead of flagging it.
  const text = new TextDecoder('utf-8').decode(sample, {stream: true})
  let suspicious = 0
  for (const char of text) {
    if (char === '\uFFFD' || isControl(char.charCodeAt(0))) suspicious++
  }
  return text.length > 0 && suspicious / text.length > SUSPICIOUS_SHARE ? 'it is mostly not UTF-8 text' : undefined
}

/** True when `sample` (a file's first bytes) is not UTF-8 text; see binaryReason. */
export function looksBinary(sample: Uint8Array): boolean {
  return binaryReason(sample) !== undefined
}

// Tab, LF, VT, FF, CR, backspace and ESC (ANSI colours) all occur in real text files.
function isControl(code: number): boolean {
  return (code < 0x20 && ![0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b].includes(code)) || code === 0x7f
}

export type FileKind = 'empty' | 'text' | 'binary'

export interface FileSniff {
  kind: FileKind
  /** For a binary file: why it is not text (binaryReason). */
  reason?: string
}

/** Reads at most SNIFF_BYTES of `file` and classifies it; never loads the whole file. */
export async function sniffFile(file: string): Promise<FileSniff> {
  const start = await readStart(file, SNIFF_BYTES)
  if (start.length === 0) return {kind: 'empty'}
  const reason = binaryReason(start)
  return reason === undefined ? {kind: 'text'} : {kind: 'binary', reason}
}

async function readStart(file: string, bytes: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r')
  try {
    const buffer = Buffer.alloc(bytes)
    const {bytesRead} = await handle.read(buffer, 0, bytes, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
