/**
 * Splits inline `<think>…</think>` out of streamed content, chunk by chunk (WIRE.md §2: servers without a
 * reasoning parser leave the thought in `content`). A pure reducer: `(state, chunk) → {state, events}`.
 *
 * Where a tag counts, and why:
 * - `<think>` opens a thought only at the start of a line (only whitespace before it on that line) and
 *   outside a ``` fence: models emit it as their first token, while an answer that merely mentions the tag
 *   in code (`s.replace('<think>', '')`) has other text before it on the line.
 * - In a thought, any `</think>` closes it; a `<think>` inside a thought is just text of the thought.
 * - A `</think>` with no `<think>` before it means the template opened the thought in the prompt, so the
 *   content started mid-thought: everything before it was reasoning. This counts only for the first tag of
 *   the reply, outside a fence and not right after a quote or backtick (an answer quoting `'</think>'`).
 *   The text before it has already been streamed as text by then; the splitter says so with a
 *   `text-was-reasoning` event so the caller can move it (the live display cannot take it back).
 * - Whitespace right after a tag, and at the very start of the content, is dropped.
 *
 * Only a possible partial tag is held back between chunks; everything else is emitted at once.
 */

const OPEN = '<think>'
const CLOSE = '</think>'
const QUOTES = new Set(['`', "'", '"'])

export type ThinkSplitEvent =
  | {type: 'text'; text: string}
  | {type: 'reasoning'; text: string}
  /** Everything emitted as text so far was the end of a thought the prompt had opened. */
  | {type: 'text-was-reasoning'}

export interface ThinkSplitState {
  readonly inThought: boolean
  /** Characters that may be the start of a tag, not yet emitted. */
  readonly held: string
  /** Which tags `held` may still become (decided when its `<` arrived). */
  readonly heldMayOpen: boolean
  readonly heldMayClose: boolean
  /** Whitespace right after a tag or at the start is dropped. */
  readonly skipSpace: boolean
  readonly sawTag: boolean
  /** Only whitespace so far on the current line of text. */
  readonly atLineStart: boolean
  /** The first (up to three) non-blank characters of the current line, to spot ``` fences. */
  readonly lineHead: string
  readonly inFence: boolean
  readonly previousChar: string
}

export const initialThinkSplitState: ThinkSplitState = {
  inThought: false,
  held: '',
  heldMayOpen: false,
  heldMayClose: false,
  skipSpace: true,
  sawTag: false,
  atLineStart: true,
  lineHead: '',
  inFence: false,
  previousChar: '',
}

interface Step {
  state: ThinkSplitState
  events: ThinkSplitEvent[]
}

/** Feeds one piece of content; returns the events that are certain now. */
export function splitThink(state: ThinkSplitState, chunk: string): Step {
  const run = new SplitRun(state)
  for (const char of chunk) run.feed(char)
  return {state: run.state, events: run.events}
}

/** Ends the content: a held partial tag is plain text (or reasoning, inside an unclosed thought). */
export function flushThink(state: ThinkSplitState): Step {
  const run = new SplitRun(state)
  run.releaseHeld()
  return {state: run.state, events: run.events}
}

const isBlank = (char: string): boolean => char === ' ' || char === '\t' || char === '\n' || char === '\r'

type MutableThinkSplitState = {-readonly [K in keyof ThinkSplitState]: ThinkSplitState[K]}

/**
 * One call's mutable working copy; the exported functions stay pure. Fields are set in place, not spread into a new
 * object per character: a 10 MB reply is ten million characters.
 */
class SplitRun {
  readonly state: MutableThinkSplitState
  readonly events: ThinkSplitEvent[] = []

  constructor(state: ThinkSplitState) {
    this.state = {...state}
  }

  feed(char: string): void {
    const s = this.state
    if (s.held !== '') {
      const candidate = s.held + char
      const mayOpen = s.heldMayOpen && OPEN.startsWith(candidate)
      const mayClose = s.heldMayClose && CLOSE.startsWith(candidate)
      if (mayOpen || mayClose) {
        s.held = candidate
        s.heldMayOpen = mayOpen
        s.heldMayClose = mayClose
        if (candidate === OPEN) this.enterThought()
        else if (candidate === CLOSE) this.leaveThought()
        return
      }
      this.releaseHeld()
    }
    if (s.skipSpace && isBlank(char)) return
    s.skipSpace = false
    if (char === '<' && this.startHolding()) return
    this.emit(char)
  }

  /** Emits a held partial tag as what it turned out to be: ordinary characters. */
  releaseHeld(): void {
    const s = this.state
    const held = s.held
    s.held = ''
    s.heldMayOpen = false
    s.heldMayClose = false
    for (const char of held) this.emit(char)
  }

  /** Starts holding a `<` if it could begin a tag that counts here. */
  private startHolding(): boolean {
    const s = this.state
    const outsideFence = !s.inFence
    const mayOpen = !s.inThought && s.atLineStart && outsideFence
    const mayClose = s.inThought || (!s.sawTag && outsideFence && !QUOTES.has(s.previousChar))
    if (!mayOpen && !mayClose) return false
    s.held = '<'
    s.heldMayOpen = mayOpen
    s.heldMayClose = mayClose
    return true
  }

  private enterThought(): void {
    Object.assign(this.state, {held: '', heldMayOpen: false, heldMayClose: false, inThought: true, sawTag: true, skipSpace: true})
  }

  private leaveThought(): void {
    const wasInThought = this.state.inThought
    Object.assign(this.state, {
      held: '',
      heldMayOpen: false,
      heldMayClose: false,
      inThought: false,
      sawTag: true,
      skipSpace: true,
      atLineStart: true,
      lineHead: '',
      previousChar: '>',
    })
    if (!wasInThought) this.events.push({type: 'text-was-reasoning'})
  }

  private emit(char: string): void {
    if (this.state.inThought) {
      this.push('reasoning', char)
      return
    }
    this.push('text', char)
    this.trackLine(char)
  }

  private trackLine(char: string): void {
    const s = this.state
    s.previousChar = char
    if (char === '\n') {
      s.atLineStart = true
      s.lineHead = ''
      return
    }
    if (s.atLineStart && isBlank(char)) return
    s.atLineStart = false
    if (s.lineHead.length >= 3) return
    s.lineHead += char
    if (s.lineHead === '```') s.inFence = !s.inFence
  }

  private push(type: 'text' | 'reasoning', text: string): void {
    const last = this.events.at(-1)
    if (last && last.type === type) last.text += text
    else this.events.push({type, text})
  }
}
