import {formatTokenCount} from '../../runtime/context/context-budget.js'

export interface StatusFacts {
  model: string
  /** Prompt tokens the conversation uses now, and the window. */
  usage: {tokens: number; context: number}
  /** The last reply's tokens and the seconds from its first token to its end; absent when nothing streamed. */
  reply?: {tokens: number; seconds: number}
  sessionId?: string
}

/** The line after each reply: `model · context: 4% of 32k (1.2k tokens) · 31 tok/s · session 2026…` (the context part as before). */
export function formatStatusLine(facts: StatusFacts): string {
  const percent = facts.usage.context > 0 ? Math.round((facts.usage.tokens / facts.usage.context) * 100) : 0
  const parts = [facts.model, `context: ${percent}% of ${formatTokenCount(facts.usage.context)} (${formatTokenCount(facts.usage.tokens)} tokens)`]
  if (facts.reply && facts.reply.seconds > 0) parts.push(`${Math.round(facts.reply.tokens / facts.reply.seconds)} tok/s`)
  if (facts.sessionId) parts.push(`session ${facts.sessionId}`)
  return parts.join(' · ')
}

/** Measures a turn's streamed reply: the text seen and the time from its first piece to its last. */
export class ReplyMeter {
  private text = ''
  private first: number | undefined
  private last = 0

  constructor(private readonly now: () => number = () => performance.now()) {}

  reset(): void {
    this.text = ''
    this.first = undefined
  }

  add(text: string): void {
    const now = this.now()
    this.first ??= now
    this.last = now
    this.text += text
  }

  /** The reply's text and seconds so far; undefined before any text. */
  read(): {text: string; seconds: number} | undefined {
    return this.first === undefined ? undefined : {text: this.text, seconds: (this.last - this.first) / 1000}
  }
}
