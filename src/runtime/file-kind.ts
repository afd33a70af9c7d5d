import fs from 'node:fs/promises'

/** How many leading bytes decide whether a file is text. */
export const SNIFF_BYTES = 8192

/** Above this share of suspicious bytes (invalid UTF-8, control characters) a sample counts as binary. */
const SUSPICIOUS_SHARE = 0.1

/**
 * True when `sample` (a file's first bytes) is not UTF-8 text: it has a NUL byte, or more than a
 * tenth of it is invalid UTF-8 or control characters. A Latin-1 accent here and there stays text.
 */
export function looksBinary(sample: Uint8Array): boolean {
  if (sample.length === 0) return false
  if (sample.includes(0)) return true
  // stream: true holds back a multi-byte character cut off at the end of the sample instead of flagging it.
  const text = new TextDecoder('utf-8').decode(sample, {stream: true})
  let suspicious = 0
  for (const char of text) {
    if (char === '\uFFFD' || isControl(char.charCodeAt(0))) suspicious++
  }
  return text.length > 0 && suspicious / text.length > SUSPICIOUS_SHARE
}

// Tab, LF, VT, FF, CR, backspace and ESC (ANSI colours) all occur in real text files.
function isControl(code: number): boolean {
  return (code < 0x20 && ![0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b].includes(code)) || code === 0x7f
}

export type FileKind = 'empty' | 'text' | 'binary'

/** Reads at most SNIFF_BYTES of `file` and classifies it; never loads the whole file. */
export async function detectFileKind(file: string): Promise<FileKind> {
  const handle = await fs.open(file, 'r')
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES)
    const {bytesRead} = await handle.read(buffer, 0, SNIFF_BYTES, 0)
    if (bytesRead === 0) return 'empty'
    return looksBinary(buffer.subarray(0, bytesRead)) ? 'binary' : 'text'
  } finally {
    await handle.close()
  }
}
