/** One piece of a reply ready to render: a complete line, or a block that only renders as a whole. */
export type MarkdownUnit =
  | {kind: 'line'; text: string}
  /** A fenced code block, fences included: highlighting needs the whole block, so it renders when the fence closes. */
  | {kind: 'fence'; text: string}
  /** Consecutive `|` lines: column widths depend on every row. */
  | {kind: 'table'; text: string}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/

/**
 * Cuts streamed reply text into units, so only complete lines reach the screen and a partial line never flickers.
 * Pure: chunks in, units out; `end()` flushes what is held (an unclosed fence or table, the last partial line).
 */
export class MarkdownLineStreamer {
  private partial = ''
  private block: {kind: 'fence' | 'table'; lines: string[]; fence?: string} | undefined

  push(chunk: string): MarkdownUnit[] {
    const text = this.partial + chunk
    const lines = text.split('\n')
    this.partial = lines.pop() ?? ''
    return lines.flatMap((line) => this.take(line))
  }

  end(): MarkdownUnit[] {
    const units = this.partial === '' ? [] : this.take(this.partial)
    this.partial = ''
    return [...units, ...this.closeBlock()]
  }

  private take(line: string): MarkdownUnit[] {
    const block = this.block
    if (block?.kind === 'fence') {
      block.lines.push(line)
      const close = FENCE.exec(line)
      const fence = block.fence ?? ''
      if (close && close[1].startsWith(fence) && line.trim() === close[1]) return this.closeBlock()
      return []
    }
    const isTableRow = line.trimStart().startsWith('|')
    if (block?.kind === 'table') {
      if (isTableRow) {
        block.lines.push(line)
        return []
      }
      return [...this.closeBlock(), ...this.take(line)]
    }
    const open = FENCE.exec(line)
    if (open) {
      this.block = {kind: 'fence', lines: [line], fence: open[1]}
      return []
    }
    if (isTableRow) {
      this.block = {kind: 'table', lines: [line]}
      return []
    }
    return [{kind: 'line', text: line}]
  }

  private closeBlock(): MarkdownUnit[] {
    const block = this.block
    this.block = undefined
    return block ? [{kind: block.kind, text: block.lines.join('\n')}] : []
  }
}
