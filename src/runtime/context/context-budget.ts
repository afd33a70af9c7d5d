import type {ChatMessage} from '../model/messages.js'
import type {ToolSchema} from '../tools/tool-schema.js'

/** A conservative characters-per-token for code and English; calibrated against the server's `usage`. */
const CHARS_PER_TOKEN = 3.5
// Role markers and template tokens each message costs beyond its text.
const MESSAGE_OVERHEAD_TOKENS = 6
/** What one message adds to the prompt, in characters, its role markers and tool calls included. */
export function messageChars(message: ChatMessage): number {
  let chars = message.content.length + MESSAGE_OVERHEAD_TOKENS * CHARS_PER_TOKEN
  if (message.role === 'assistant' && message.toolCalls) for (const call of message.toolCalls) chars += call.name.length + call.arguments.length + 20
  return chars
}

/** What the tool list adds to the prompt, in characters. */
export function toolsChars(tools: readonly ToolSchema[]): number {
  return tools.length > 0 ? JSON.stringify(tools).length : 0
}

/** Compact when the prompt passes this share of the context (ollama silently drops the oldest messages past it). */
export const COMPACT_AT = 0.85

export type MaxTokensSetting = 'auto' | number

/**
 * How much of the model's context a conversation uses: estimates prompt tokens, decides when to compact,
 * how many tokens to leave for the reply, and how long a tool result may be.
 */
export class ContextBudget {
  /** Real tokens per estimated token, learned from the server's usage numbers. */
  private ratio = 1

  constructor(
    public contextTokens: number,
    public maxTokens: MaxTokensSetting = 'auto',
  ) {}

  /** A server's overflow error said how big its context really is: believe it when it is smaller. */
  learnContextSize(tokens: number | undefined): void {
    if (tokens && tokens > 0 && tokens < this.contextTokens) this.contextTokens = tokens
  }

  estimateText(text: string): number {
    return Math.ceil((text.length / CHARS_PER_TOKEN) * this.ratio)
  }

  /** Prompt tokens for these messages and tools, as the server will count them (approximately). */
  estimatePrompt(messages: readonly ChatMessage[], tools: readonly ToolSchema[]): number {
    let chars = toolsChars(tools)
    for (const message of messages) chars += messageChars(message)
    return this.estimateChars(chars)
  }

  /** Tokens for a count of prompt characters as `messageChars` and `toolsChars` measure them. */
  estimateChars(chars: number): number {
    return Math.ceil((chars / CHARS_PER_TOKEN) * this.ratio)
  }

  /** Learns from a reply's `usage.prompt_tokens`; one bad number can move the estimate only so far. */
  calibrate(estimated: number, actual: number): void {
    if (estimated <= 0 || actual <= 0) return
    const observed = (actual / estimated) * this.ratio
    this.ratio = Math.min(2, Math.max(0.5, observed))
  }

  /** Tokens kept free for the reply when deciding to compact. */
  replyReserve(): number {
    if (this.maxTokens !== 'auto') return this.maxTokens
    return clamp(Math.floor(this.contextTokens / 8), 512, 4096)
  }

  /** The `max_tokens` to send: the setting, or in auto what is left of the context, capped sensibly. */
  maxTokensFor(promptTokens: number): number {
    if (this.maxTokens !== 'auto') return this.maxTokens
    const left = this.contextTokens - promptTokens - 32
    const cap = clamp(Math.floor(this.contextTokens / 2), 1024, 16_384)
    return Math.max(256, Math.min(left, cap))
  }

  shouldCompact(promptTokens: number): boolean {
    return promptTokens > this.contextTokens * COMPACT_AT || promptTokens + this.replyReserve() > this.contextTokens
  }

  fraction(promptTokens: number): number {
    return promptTokens / this.contextTokens
  }

  /** A tool result may use half of what is left after the prompt and the reply; never less than a screenful. */
  resultCharLimit(promptTokens: number): number {
    const left = this.contextTokens - promptTokens - this.replyReserve()
    return clamp(Math.floor(left * 0.5 * CHARS_PER_TOKEN), 2_000, 100_000)
  }
}

/** The context size a server names in its overflow error (llama.cpp, vLLM, LM Studio), if it names one. */
export function contextSizeFromError(text: string): number | undefined {
  const patterns = [
    /"n_ctx"\s*:\s*(\d+)/,
    /available context size \((\d+) tokens\)/,
    /maximum context length is (\d+) tokens/,
    /context length only supports (\d+) tokens/,
    /n_ctx:\s*(\d+)/,
  ]
  for (const pattern of patterns) {
    const match = pattern.exec(text)
    if (match) return Number(match[1])
  }
  return undefined
}

/** `8k`, `32k`, `128k`, `4.5k` — how people say context sizes. */
export function formatTokenCount(tokens: number): string {
  if (tokens < 1000) return String(tokens)
  const k = tokens / 1024
  return `${Number.isInteger(k) ? k : k.toFixed(1).replace(/\.0$/, '')}k`
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
