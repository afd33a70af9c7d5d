import {lineEnd} from './text-positions.js'

// Markdown code that the tool-call scanner skips or reads as a unit: fenced blocks and inline code.

/** A fenced code block opening at `i` (a line start): its language (lower case), body, and where it ends. */
export function readFence(text: string, i: number): {language: string; body: string; end: number} | null {
  const open = /^ {0,3}(`{3,}|~{3,})([^\n]*)(?:\n|$)/.exec(text.slice(i, lineEnd(text, i) + 1))
  if (!open || (open[1][0] === '`' && open[2].includes('`'))) return null
  const bodyStart = i + open[0].length
  const closer = new RegExp(`^ {0,3}${open[1][0] === '`' ? '`' : '~'}{${open[1].length},}[ \\t]*$`, 'm')
  const rest = text.slice(bodyStart)
  const close = closer.exec(rest)
  const body = close ? rest.slice(0, close.index) : rest
  const end = close ? bodyStart + close.index + close[0].length : text.length
  return {language: open[2].trim().split(/\s+/)[0].toLowerCase(), body, end}
}

/** Inline code on one line is skipped whole; an unmatched backtick run is just text. */
export function skipInlineCode(text: string, i: number): number {
  let n = i
  while (text[n] === '`') n++
  const run = text.slice(i, n)
  const close = text.slice(n, lineEnd(text, n)).indexOf(run)
  return close !== -1 && text[n + close + run.length] !== '`' ? n + close + run.length : n
}
