import type {ContextBudget} from './context-budget.js'
import type {ChatMessage} from '../model/messages.js'
import type {ModelClient} from '../model/model-client.js'

/** Which messages a compaction summarises and which it keeps as they are. `messages[0]` is the system prompt. */
export interface CompactionPlan {
  older: ChatMessage[]
  kept: ChatMessage[]
}

// The latest turns stay verbatim while they fit in this share of the context.
const KEEP_SHARE = 0.4
const SUMMARY_MAX_TOKENS = 700

/**
 * Splits the history at a turn boundary (a user message): the latest turn always stays, earlier turns stay
 * while they fit (unless only the latest may), the rest is summarised. Null when there is nothing older.
 */
export function planCompaction(messages: readonly ChatMessage[], budget: ContextBudget, options: {onlyLatestTurn?: boolean} = {}): CompactionPlan | null {
  const turnStarts = messages.flatMap((message, index) => (message.role === 'user' && index > 0 ? [index] : []))
  if (turnStarts.length === 0) return null
  let firstKept = turnStarts[turnStarts.length - 1]
  for (let t = turnStarts.length - 2; t >= 0 && !options.onlyLatestTurn; t--) {
    const candidate = messages.slice(turnStarts[t])
    if (budget.estimatePrompt(candidate, []) > budget.contextTokens * KEEP_SHARE) break
    firstKept = turnStarts[t]
  }
  const older = messages.slice(1, firstKept)
  if (older.length === 0) return null
  return {older, kept: messages.slice(firstKept)}
}

/**
 * When the latest turn alone is too big (many large tool results), the older results in it are cut
 * down; the last few stay whole because the model is working with them.
 */
export function shrinkToolResults(messages: readonly ChatMessage[], keepWhole = 2, maxChars = 600): ChatMessage[] {
  const toolIndexes = messages.flatMap((message, index) => (message.role === 'tool' ? [index] : []))
  const shrink = new Set(toolIndexes.slice(0, Math.max(0, toolIndexes.length - keepWhole)))
  return messages.map((message, index) =>
    shrink.has(index) && message.content.length > maxChars
      ? {...message, content: `${message.content.slice(0, maxChars)}\n… [${message.content.length - maxChars} characters dropped to save context]`}
      : message,
  )
}

/** The older turns as plain text for the summariser; the newest part is kept when it must be cut. */
export function renderTranscript(messages: readonly ChatMessage[], maxChars: number): string {
  const lines: string[] = []
  for (const message of messages) {
    if (message.role === 'user') lines.push(`USER: ${message.content}`)
    else if (message.role === 'assistant') {
      if (message.content) lines.push(`ASSISTANT: ${message.content}`)
      for (const call of message.toolCalls ?? []) lines.push(`ASSISTANT CALLED ${call.name} ${clip(call.arguments, 300)}`)
    } else if (message.role === 'tool') lines.push(`RESULT OF ${message.name}: ${clip(message.content, 800)}`)
  }
  const text = lines.join('\n')
  return text.length > maxChars ? `[earliest part cut]\n${text.slice(text.length - maxChars)}` : text
}

const SUMMARY_INSTRUCTIONS = `You compress a coding session so it can continue in a small context.
Write a factual summary, at most 250 words, as short bullet points:
- what the user asked for, in their words where it matters;
- what was done: files read, created or changed (with paths), commands run and their outcome;
- decisions, constraints and preferences the user stated;
- what is still open or was about to happen next.
No greetings, no advice, no tool calls.`

/** Asks the model for the summary (no tools). */
export async function summarize(options: {
  model: ModelClient
  modelName: string
  budget: ContextBudget
  previousSummary?: string
  older: readonly ChatMessage[]
  signal: AbortSignal
}): Promise<string> {
  const room = Math.floor((options.budget.contextTokens * 0.6 - SUMMARY_MAX_TOKENS) * 3.5)
  const previous = options.previousSummary ? `Summary of what came before:\n${options.previousSummary}\n\n` : ''
  const transcript = renderTranscript(options.older, Math.max(2_000, room - previous.length))
  const reply = await options.model.complete(
    {
      model: options.modelName,
      messages: [
        {role: 'system', content: SUMMARY_INSTRUCTIONS},
        {role: 'user', content: `${previous}Session to summarise:\n${transcript}`},
      ],
      tools: [],
      signal: options.signal,
      maxTokens: SUMMARY_MAX_TOKENS,
    },
    () => {},
  )
  const summary = reply.content.trim()
  if (!summary) throw new Error('the model returned an empty summary')
  return summary
}

/** Without a model summary (it failed): what the user asked, and which tools ran, so the thread is not lost. */
export function mechanicalSummary(previousSummary: string | undefined, older: readonly ChatMessage[]): string {
  const asked = older.filter((m) => m.role === 'user').map((m) => `- user asked: ${clip(m.content, 200)}`)
  const calls = older.flatMap((m) => (m.role === 'assistant' ? (m.toolCalls ?? []) : [])).map((c) => `${c.name} ${clip(c.arguments, 80)}`)
  const did = calls.length > 0 ? [`- tools used: ${calls.slice(-15).join('; ')}`] : []
  return [previousSummary, ...asked, ...did].filter(Boolean).join('\n')
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}
