import type {MarkdownUnit} from './markdown-stream.js'

/** Turns one unit of a reply into terminal text (no trailing newline). */
export type UnitRenderer = (unit: MarkdownUnit) => string

const HEADING = /^#{1,6}\s/
const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/

/**
 * Loads marked + marked-terminal (about 0.4 s of module loading, so only when a chat renders markdown) and
 * renders units with it. Lines render alone: inline formatting for lists and paragraphs, the block renderer for headings.
 */
export async function loadTerminalMarkdown(width: number): Promise<UnitRenderer> {
  const [{Marked}, {markedTerminal}] = await withColoursForced(() => Promise.all([import('marked'), import('marked-terminal')]))
  const marked = new Marked(markedTerminal({reflowText: false, showSectionPrefix: false, width, tab: 2}))
  const block = (text: string) => (marked.parse(text, {async: false}) as string).replace(/\n+$/, '')
  const inline = (text: string) => marked.parseInline(text, {async: false}) as string
  return (unit) => {
    if (unit.kind !== 'line') return block(unit.text)
    const {text} = unit
    if (text.trim() === '') return ''
    if (HEADING.test(text)) return block(text)
    const item = LIST_ITEM.exec(text)
    if (item) {
      const [, indent, bullet, rest] = item
      return `${indent}${/\d/.test(bullet) ? bullet : '•'} ${inline(rest)}`
    }
    return inline(text)
  }
}

/**
 * This is only loaded once lillycoder has decided the terminal takes colours (a colour TTY, no NO_COLOR or --plain),
 * but the renderer's chalk copies decide again when their modules load, and say no under CI=true even on a TTY.
 * FORCE_COLOR holds just for that load: commands the model runs must not inherit it.
 */
async function withColoursForced<T>(load: () => Promise<T>): Promise<T> {
  const previous = process.env.FORCE_COLOR
  process.env.FORCE_COLOR = '1'
  try {
    return await load()
  } finally {
    if (previous === undefined) delete process.env.FORCE_COLOR
    else process.env.FORCE_COLOR = previous
  }
}
