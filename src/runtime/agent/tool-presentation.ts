import {toolsChars} from '../context/context-budget.js'
import type {ChatMessage, ToolCall} from '../model/messages.js'
import type {ModelReply} from '../model/model-client.js'
import {toPromptToolMode} from '../model/text-calls/prompt-tool-mode.js'
import {type SchemaHints, schemaHintsFromTools} from '../model/text-calls/schema-hints.js'
import {extractTextToolCalls} from '../model/text-calls/text-tool-calls.js'
import {describeToolsForPrompt} from '../model/text-calls/tool-prompt.js'
import type {ToolRegistry} from '../tools/tool-registry.js'
import type {ToolSchema} from '../tools/tool-schema.js'

/** `native`: the `tools` field; `prompt`: tools described in the system prompt, calls read from text. */
export type ToolMode = 'native' | 'prompt'

/** The messages and tools of one request, as the server takes them. */
export interface RequestShape {
  messages: readonly ChatMessage[]
  tools: ToolSchema[]
}

/**
 * How the session's tools reach the model — the `tools` field, or described in the system prompt for a server
 * that refuses or cannot parse them — and how calls written as text are read back. What is derived from the tool
 * list (its size, its prompt text, its parameter types) is made once per list: the registry hands out a new list
 * only when its tools change (an MCP server came or went).
 */
export class ToolPresentation {
  private derivedFor?: ToolSchema[]
  private hints?: SchemaHints
  private prompt?: string
  private schemaChars?: number

  constructor(
    private readonly registry: ToolRegistry,
    public mode: ToolMode,
  ) {}

  /** The request for `messages` in this mode. */
  shape(messages: readonly ChatMessage[]): RequestShape {
    const schemas = this.schemas()
    if (this.mode === 'native') return {messages, tools: schemas}
    this.prompt ??= describeToolsForPrompt(schemas)
    return {messages: toPromptToolMode(messages, this.prompt), tools: []}
  }

  /** The tool list's size as sent in native mode (0 in prompt mode, where it is part of the messages). */
  chars(): number {
    if (this.mode !== 'native') return 0
    const schemas = this.schemas()
    this.schemaChars ??= toolsChars(schemas)
    return this.schemaChars
  }

  /** A reply without native calls may carry calls written as text; they run like native ones. */
  readTextCalls(reply: ModelReply): ModelReply {
    if (reply.toolCalls.length > 0 || !reply.content) return reply
    const extracted = this.callsIn(reply.content)
    if (extracted.calls.length === 0) return reply
    return {...reply, content: extracted.text.trim(), toolCalls: extracted.calls}
  }

  /** The calls written in `text` (and the text around them). */
  callsIn(text: string): {calls: ToolCall[]; text: string} {
    const schemas = this.schemas()
    this.hints ??= schemaHintsFromTools(schemas)
    return extractTextToolCalls(text, this.registry.names(), this.hints)
  }

  private schemas(): ToolSchema[] {
    const schemas = this.registry.schemas()
    if (schemas !== this.derivedFor) {
      this.derivedFor = schemas
      this.hints = undefined
      this.prompt = undefined
      this.schemaChars = undefined
    }
    return schemas
  }
}
