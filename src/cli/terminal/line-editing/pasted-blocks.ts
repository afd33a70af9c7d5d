/**
 * Multi-line pastes shown collapsed in the prompt line as `[pasted 3,000 lines, 246 KB]` and expanded back
 * when the line is submitted. Labels are unique in a session, so a recalled line (↑) expands again.
 */
export class PastedBlocks {
  private readonly blocks = new Map<string, string>()

  constructor(private readonly keep = 20) {}

  /** Stores a multi-line paste and returns the label that stands for it in the line. */
  add(text: string): string {
    const base = pasteLabel(text)
    let label = base
    for (let n = 2; this.blocks.has(label) && this.blocks.get(label) !== text; n++) label = `${base.slice(0, -1)} #${n}]`
    this.blocks.delete(label)
    this.blocks.set(label, text)
    // Old pastes are let go: a session of many large pastes must not keep them all in memory.
    while (this.blocks.size > this.keep) this.blocks.delete(this.blocks.keys().next().value as string)
    return label
  }

  /** The line with each label it contains replaced by its paste; `pasted` says whether any was. */
  expand(line: string): {text: string; pasted: boolean} {
    let text = line
    for (const [label, block] of this.blocks) text = text.split(label).join(block)
    return {text, pasted: text !== line}
  }
}

/** `[pasted 3,000 lines, 246 KB]`: the line count and size of a paste. */
export function pasteLabel(text: string): string {
  const lines = text.split('\n').length
  return `[pasted ${lines.toLocaleString('en-US')} lines, ${formatSize(Buffer.byteLength(text, 'utf8'))}]`
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** What a finished paste becomes in the line: a single line as typed text, several lines as a label. */
export function isMultiLine(text: string): boolean {
  return text.includes('\n')
}
