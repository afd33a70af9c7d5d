import type {ChatMessage} from '../model/messages.js'
import type {ToolSchema} from '../tools/tool-schema.js'
import {CHARS_PER_TOKEN, promptChars, TokenCalibration} from './token-calibration.js'

// Role markers and template tokens each message costs beyond its text.
const MESSAGE_OVERHEAD_TOKENS = 6
/** What one message adds to the prompt, in weighted characters (`promptChars`), role markers and tool calls included. */
export function messageChars(message: ChatMessage): number {
  let chars = promptChars(message.content) + MESSAGE_OVERHEAD_TOKENS * CHARS_PER_TOKEN
  if (message.role === 'assistant' && message.toolCalls) for (const call of message.toolCalls) chars += promptChars(call.name) + promptChars(call.arguments) + 20
  return chars
}

/** What the tool list adds to the prompt, in weighted characters. */
export function toolsChars(tools: readonly ToolSchema[]): number {
  return tools.length > 0 ? promptChars(JSON.stringify(tools)) : 0
}

/**
 * Tokens kept free between the prompt plus `max_tokens` and the end of the window: 2 % of it, at least 64. The
 * estimate beyond the server's last count carries ESTIMATE_SAFETY on top, so a request fits as the server counts it.
 */
export function windowMargin(contextTokens: number): number {
  return Math.max(64, Math.ceil(contextTokens * 0.02))
}

/** Compact when the prompt passes this share of the context (ollama silently drops the oldest messages past it). */
export const COMPACT_AT = 0.85

export type MaxTokensSetting = 'auto' | number

/**
 * How much of the model's context a conversation uses: estimates prompt tokens, decides when to compact,
 * how many tokens to leave for the reply, and how long a tool result may be.
 */
export class ContextBudget {
  /** The rate learned from the server's usage numbers, anchored to its last count. */
  private readonly calibration = new TokenCalibration()

  constructor(
    public contextTokens: number,
    public maxTokens: MaxTokensSetting = 'auto',
  ) {}

  /** A server's overflow error said how big its context really is: believe it when it is smaller. */
  learnContextSize(tokens: number | undefined): void {
    if (tokens && tokens > 0 && tokens < this.contextTokens) this.contextTokens = tokens
  }

  /** Tokens for text the server has not counted yet. */
  estimateText(text: string): number {
    return this.calibration.estimate(promptChars(text))
  }

  /** Prompt tokens for these messages and tools, as the server will count them (approximately). */
  estimatePrompt(messages: readonly ChatMessage[], tools: readonly ToolSchema[]): number {
    let chars = toolsChars(tools)
    for (const message of messages) chars += messageChars(message)
    return this.estimateChars(chars)
  }

  /**
   * Tokens for a prompt of this many characters as `messageChars` and `toolsChars` measure them: the server's last
   * count when the prompt extends the one it counted, plus an estimate of what was added since.
   */
  estimateChars(chars: number): number {
    return this.calibration.tokensFor(chars)
  }

  /** Learns from a reply's `usage.prompt_tokens` for the request estimated at `estimated`. */
  calibrate(estimated: number, actual: number): void {
    this.calibration.learn(estimated, actual)
  }

  /** The history was replaced (compaction, /clear): the server's last count is no longer a prefix of it. */
  forgetCount(): void {
    this.calibration.forgetAnchor()
  }

  /** Tokens kept free for the reply when deciding to compact. */
  replyReserve(): number {
    if (this.maxTokens !== 'auto') return this.maxTokens
    return clamp(Math.floor(this.contextTokens / 8), 512, 4096)
  }

  /**
   * The `max_tokens` to send: the setting, or in auto half the context (within 1k–16k); never more than what the
   * window has left after the prompt and the margin, so the server neither cuts the reply nor refuses (vLLM: 400).
   */
  maxTokensFor(promptTokens: number): number {
    const left = this.contextTokens - promptTokens - windowMargin(this.contextTokens)
    const wanted = this.maxTokens !== 'auto' ? this.maxTokens : clamp(Math.floor(this.contextTokens / 2), 1024, 16_384)
    return Math.max(1, Math.min(left, wanted))
  }

  shouldCompact(promptTokens: number): boolean {
    const full = promptTokens + this.replyReserve() + windowMargin(this.contextTokens) > this.contextTokens
    return promptTokens > this.contextTokens * COMPACT_AT || full
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
