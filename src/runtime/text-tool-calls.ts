import {createHash} from 'node:crypto'
import type {ToolCall, ToolSchema} from './messages.js'

/**
 * Tool calls that a model wrote as text (WIRE.md §3), read from a completed assistant message that
 * had no native `tool_calls`, with its reasoning already removed.
 *
 * Two kinds of evidence, two rules:
 * - A call MARKER (`<tool_call>`, `<|python_tag|>`, `[TOOL_CALLS]`, `[TOOL_REQUEST]`) is a token the
 *   model's template reserves for calls; outside code and quotes it counts wherever it stands and
 *   whatever name it carries (the loop answers an unknown name with the list of tools). A bare
 *   `<function=…>` without its `<tool_call>` wrapper counts only with a known name.
 * - Bare or fenced JSON (`{"name": …, "arguments": …}`) is what a model also writes when it SHOWS a
 *   call, so it counts only when all of this holds: every name is a known tool; the object has no
 *   keys a call never has (so `{"name": "my-app", "version": …}` is a config, not a call); the fence,
 *   if any, is json/jsonc/json5/tool_call or unlabelled; the calls are the end of the message (only
 *   whitespace and end-of-turn tokens after them); the text before them is a short lead-in (at most
 *   LEAD_IN_LIMIT characters) whose last line does not introduce an example; and no other call-shaped
 *   JSON with a known name appears earlier in the message (then the model is explaining, not calling).
 * Blockquotes, inline code and fences in other languages are never read.
 */

export type TextToolCallFormat =
  | 'hermes' //            <tool_call>{"name": …, "arguments": …}</tool_call>
  | 'qwen3-coder-xml' //   <tool_call><function=name><parameter=key>value</parameter></function></tool_call>
  | 'llama-python-tag' //  <|python_tag|>{"name": …, "parameters": …}
  | 'llama-function-tag' // <function=name>{…}</function>
  | 'mistral' //           [TOOL_CALLS][{…}]  or  [TOOL_CALLS]name[ARGS]{…}
  | 'lmstudio' //          [TOOL_REQUEST]{…}[END_TOOL_REQUEST]
  | 'json-fence' //        ```json {…} ```
  | 'bare-json' //         {…}

export interface TextToolCallExtraction {
  /** The calls, ids made up (9 letters/digits, which every template accepts), arguments a JSON object's text. */
  calls: ToolCall[]
  /** The content without the calls and end-of-turn tokens: what is printed and kept in history. */
  text: string
  /** The format of the first call, when there are calls. */
  format?: TextToolCallFormat
  /** Markup that was plainly meant as a call but could not be read (broken JSON, cut off); it stays in `text`. */
  unparsed: string[]
}

export type ParamType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object'

/** Per tool, per parameter: the JSON Schema type, used to type Qwen3-Coder XML parameter values (raw text). */
export type SchemaHints = Record<string, Record<string, ParamType>>

const LEAD_IN_LIMIT = 600
const END_TOKENS = ['<|im_end|>', '<|eot_id|>', '<|eom_id|>', '<|end|>', '<|endoftext|>', '<|end_of_text|>', '<end_of_turn>', '</s>']
const JSON_FENCE_LANGUAGES = new Set(['', 'json', 'jsonc', 'json5', 'tool_call', 'tool_calls', 'tool', 'function_call'])
// The last line of a lead-in that presents JSON as an illustration rather than a call.
const EXAMPLE_LEAD_IN =
  /\b(examples?|e\.g\.|for instance|such as|samples?|like this|looks? like|would look|(the|this|following|call|request|json) (format|syntax|schema|structure)|you (could|can|would|should|might) (send|use|call|write|try))(\W|$)/i
const TOOL_NAME = /^[A-Za-z_][\w.:-]{0,127}$/

interface RawCall {
  name: string
  args: Record<string, unknown>
}

type Segment =
  | {kind: 'text'; start: number; end: number}
  | {kind: 'unparsed'; start: number; end: number}
  | {kind: 'call'; start: number; end: number; calls: RawCall[]; format: TextToolCallFormat; weak: boolean}

/** Finds the tool calls written as text in `content`; see the module comment for what counts. */
export function extractTextToolCalls(
  content: string,
  knownToolNames: Iterable<string>,
  schemaHints?: SchemaHints,
): TextToolCallExtraction {
  const known = new Set(knownToolNames)
  const body = stripTrailingEndTokens(content)
  const segments = decideWeakCalls(body, new Scanner(body, known, schemaHints).scan(), known)

  const calls: ToolCall[] = []
  let format: TextToolCallFormat | undefined
  // The text between removed calls, one part per gap.
  const parts = ['']
  const unparsed: string[] = []
  for (const segment of segments) {
    const raw = body.slice(segment.start, segment.end)
    if (segment.kind !== 'call') {
      parts[parts.length - 1] += raw
      if (segment.kind === 'unparsed') unparsed.push(raw.trim())
      continue
    }
    format ??= segment.format
    for (const call of segment.calls) {
      const args = JSON.stringify(call.args)
      calls.push({id: makeCallId(content, calls.length, call.name, args), name: call.name, arguments: args})
    }
    parts.push('')
  }
  const text = calls.length === 0 ? body : joinParts(parts)
  return {calls, text, ...(format ? {format} : {}), unparsed}
}

/** Builds schema hints from the tools' JSON Schemas (the `type` of each top-level property). */
export function schemaHintsFromTools(tools: readonly ToolSchema[]): SchemaHints {
  const hints: SchemaHints = {}
  for (const tool of tools) {
    const params: Record<string, ParamType> = {}
    for (const [param, schema] of Object.entries(tool.function.parameters.properties)) {
      const type = schemaType(schema)
      if (type) params[param] = type
    }
    hints[tool.function.name] = params
  }
  return hints
}

/** The calls in the `<tool_call>` form, for an assistant turn in history when tools are described in the prompt. */
export function formatToolCallsAsText(calls: readonly ToolCall[]): string {
  return calls
    .map((call) => {
      const parsed = readWholeJson(call.arguments)
      const args = isPlainObject(parsed) ? parsed : call.arguments.trim() === '' ? {} : call.arguments
      return `<tool_call>\n${JSON.stringify({name: call.name, arguments: args})}\n</tool_call>`
    })
    .join('\n')
}

/**
 * The system-prompt section for servers that refuse the `tools` field: the tools, one short block each,
 * and the exact call format. Kept small for 8k contexts.
 */
export function describeToolsForPrompt(tools: readonly ToolSchema[]): string {
  const lines = [
    '# Tools',
    '',
    'You can call the tools below. To call one, write exactly:',
    '<tool_call>',
    '{"name": "TOOL_NAME", "arguments": {"PARAMETER": "VALUE"}}',
    '</tool_call>',
    '- "arguments" is one JSON object: strings in double quotes, newlines written as \\n.',
    '- For several calls write several <tool_call> blocks. Write nothing after your calls; each result comes back in the next message.',
    '- Never put a call in a code block. If no tool is needed, just answer.',
  ]
  for (const tool of tools) {
    const {name, description, parameters} = tool.function
    lines.push('', `## ${name}`, description.trim())
    const required = new Set(parameters.required ?? [])
    for (const [param, schema] of Object.entries(parameters.properties)) {
      const detail = [describeType(schema), required.has(param) ? 'required' : undefined, describeDefault(schema)]
      const text = isPlainObject(schema) && typeof schema.description === 'string' ? `: ${schema.description}` : ''
      lines.push(`- ${param} (${detail.filter(Boolean).join(', ')})${text}`)
    }
  }
  return lines.join('\n')
}

/**
 * llama.cpp answers a call its parser cannot read with 500 `Failed to parse input at pos N: <text>`
 * (also as a mid-stream error). Returns the model text after `pos N: ` so it can be read with
 * extractTextToolCalls, or null when the message is something else. Accepts the message or the whole
 * error body.
 */
export function recoverFromParseFailure(message: string): string | null {
  const envelope = readWholeJson(message)
  const text = isPlainObject(envelope) && isPlainObject(envelope.error) && typeof envelope.error.message === 'string'
    ? envelope.error.message
    : message
  const match = /Failed to parse input at pos \d+: ?/.exec(text)
  if (!match) return null
  const rest = text.slice(match.index + match[0].length)
  return rest.trim() === '' ? null : rest
}

// ---------------------------------------------------------------------------------------------
// Scanning: one pass left to right, so a marker inside a code block, inline code or a quote is
// never read, and code fences inside a call's arguments never hide the call.

class Scanner {
  private readonly segments: Segment[] = []
  private textStart = 0

  constructor(
    private readonly text: string,
    private readonly known: ReadonlySet<string>,
    private readonly hints: SchemaHints | undefined,
  ) {}

  scan(): Segment[] {
    const {text} = this
    let i = 0
    while (i < text.length) {
      if (i === 0 || text[i - 1] === '\n') {
        const next = this.atLineStart(i)
        if (next !== undefined) {
          i = next
          continue
        }
      }
      if (text[i] === '`') {
        i = skipInlineCode(text, i)
        continue
      }
      const next = this.atMarker(i)
      i = next ?? i + 1
    }
    this.flushText(text.length)
    return this.segments
  }

  /** Fences, blockquotes and bare JSON, which only start a line. Returns where to go on, or undefined. */
  private atLineStart(i: number): number | undefined {
    const {text} = this
    const fence = readFence(text, i)
    if (fence) {
      if (JSON_FENCE_LANGUAGES.has(fence.language)) {
        const calls = readCallSequence(fence.body, this.hints)
        if (calls) return this.push({kind: 'call', start: i, end: skipEndTokens(text, fence.end), calls, format: 'json-fence', weak: true})
      }
      return fence.end
    }
    const indent = skipSpaces(text, i)
    if (text[indent] === '>') return lineEnd(text, indent)
    if (text[indent] === '{' || text[indent] === '[') return this.bareJson(indent)
    return undefined
  }

  /** JSON at the start of a line: one or more calls, or some other JSON that is skipped whole. */
  private bareJson(start: number): number | undefined {
    const {text} = this
    const calls: RawCall[] = []
    let end = start
    for (let p = start; ; ) {
      const value = readLooseJson(text, p)
      if (!value) break
      const read = toCalls(value.value, 'strict')
      if (!read) {
        if (calls.length === 0) return value.end
        break
      }
      calls.push(...read)
      end = value.end
      p = skipSeparators(text, end)
    }
    if (calls.length === 0) return undefined
    // `{…}</tool_call>`: the opening tag got lost, the closing one proves it is a call.
    const closer = skipWhitespace(text, end)
    if (text.startsWith('</tool_call>', closer)) return this.pushCall(start, closer + '</tool_call>'.length, calls, 'hermes')
    return this.push({kind: 'call', start, end: skipEndTokens(text, end), calls, format: 'bare-json', weak: true})
  }

  private atMarker(i: number): number | undefined {
    const {text} = this
    if (text.startsWith('<tool_call>', i)) return this.toolCallTag(i)
    if (text.startsWith('<function=', i)) return this.bareFunction(i)
    if (text.startsWith('<|python_tag|>', i)) return this.pythonTag(i)
    if (text.startsWith('[TOOL_CALLS]', i)) return this.mistral(i)
    if (text.startsWith('[TOOL_REQUEST]', i)) return this.toolRequest(i)
    return undefined
  }

  private toolCallTag(start: number): number | undefined {
    const {text} = this
    let p = skipWhitespace(text, start + '<tool_call>'.length)
    // The tag named in a sentence ("I can't emit <tool_call> here") is just text.
    if (!/[{[<`]/.test(text[p] ?? '')) return undefined
    const close = text.indexOf('</tool_call>', start)
    const limit = close === -1 ? text.length : close
    if (text.startsWith('```', p)) p = skipWhitespace(text, lineEnd(text, p))
    const calls: RawCall[] = []
    let format: TextToolCallFormat = 'hermes'
    if (text.startsWith('<function=', p)) {
      format = 'qwen3-coder-xml'
      while (text.startsWith('<function=', p)) {
        const fn = readFunctionXml(text, p, limit, this.hints)
        if (!fn) break
        calls.push(fn.call)
        if (fn.json) format = 'llama-function-tag'
        p = skipWhitespace(text, fn.end)
      }
    } else {
      for (;;) {
        const value = readLooseJson(text, p) ?? readLooseJson(text.slice(0, limit), p)
        const read = value && toCalls(value.value, 'lenient')
        if (!value || !read) break
        calls.push(...read)
        p = skipSeparators(text, value.end)
      }
    }
    if (calls.length === 0) return this.unparsed(start, close === -1 ? text.length : close + '</tool_call>'.length)
    p = skipWhitespace(text, p)
    if (text.startsWith('```', p)) p = skipWhitespace(text, p + 3)
    if (text.startsWith('</tool_call>', p)) p += '</tool_call>'.length
    return this.pushCall(start, p, calls, format)
  }

  /** `<function=name>` without `<tool_call>`: Qwen3-Coder dropping its opener, or Llama 3.1's custom format. */
  private bareFunction(start: number): number | undefined {
    const {text} = this
    const name = /^<function=([^>\n]+)>/.exec(text.slice(start, start + 200))?.[1]
    if (name === undefined || !this.known.has(cleanName(name))) return undefined
    const fn = readFunctionXml(text, start, text.length, this.hints)
    if (!fn) return this.unparsed(start, lineEnd(text, start))
    let p = skipWhitespace(text, fn.end)
    p = text.startsWith('</tool_call>', p) ? p + '</tool_call>'.length : fn.end
    return this.pushCall(start, p, [fn.call], fn.json ? 'llama-function-tag' : 'qwen3-coder-xml')
  }

  private pythonTag(start: number): number {
    const {text} = this
    const calls: RawCall[] = []
    let p = start + '<|python_tag|>'.length
    for (;;) {
      const value = readLooseJson(text, skipWhitespace(text, p))
      const read = value && toCalls(value.value, 'lenient')
      if (!value || !read) break
      calls.push(...read)
      p = skipSeparators(text, value.end)
    }
    if (calls.length === 0) return this.unparsed(start, untilAny(text, start, ['<|eom_id|>', '<|eot_id|>']))
    return this.pushCall(start, p, calls, 'llama-python-tag')
  }

  /** `[TOOL_CALLS][{…}, …]` (Nemo, Small 3.0/3.1) and `[TOOL_CALLS]name[ARGS]{…}` (Small 3.2, Devstral), repeated. */
  private mistral(start: number): number {
    const {text} = this
    const calls: RawCall[] = []
    let p = start
    for (;;) {
      let q = text.startsWith('[TOOL_CALLS]', p) ? p + '[TOOL_CALLS]'.length : p
      q = skipWhitespace(text, q)
      const header = /^([A-Za-z_][\w.:-]*)(?:\[CALL_ID\][A-Za-z0-9]*)?\[ARGS\]/.exec(text.slice(q, q + 300))
      let read: RawCall[] | null = null
      let end = q
      if (header) {
        const value = readLooseJson(text, q + header[0].length)
        const args = value && toArguments(value.value)
        if (value && args) {
          read = [{name: header[1], args}]
          end = value.end
        }
      } else if (q !== p) {
        const value = readLooseJson(text, q)
        read = value && toCalls(value.value, 'lenient')
        if (value) end = value.end
      }
      if (!read) break
      calls.push(...read)
      p = skipWhitespace(text, end)
    }
    if (calls.length === 0) return this.unparsed(start, lineEnd(text, start))
    return this.pushCall(start, p, calls, 'mistral')
  }

  private toolRequest(start: number): number | undefined {
    const {text} = this
    const from = skipWhitespace(text, start + '[TOOL_REQUEST]'.length)
    if (text[from] !== '{' && text[from] !== '[') return undefined
    const close = text.indexOf('[END_TOOL_REQUEST]', start)
    const limit = close === -1 ? text.length : close
    const value = readLooseJson(text, from) ?? readLooseJson(text.slice(0, limit), from)
    const calls = value && toCalls(value.value, 'lenient')
    if (!value || !calls) return this.unparsed(start, close === -1 ? text.length : close + '[END_TOOL_REQUEST]'.length)
    const p = skipWhitespace(text, value.end)
    return this.pushCall(start, text.startsWith('[END_TOOL_REQUEST]', p) ? p + '[END_TOOL_REQUEST]'.length : value.end, calls, 'lmstudio')
  }

  private pushCall(start: number, end: number, calls: RawCall[], format: TextToolCallFormat): number {
    return this.push({kind: 'call', start, end: skipEndTokens(this.text, end), calls, format, weak: false})
  }

  private unparsed(start: number, end: number): number {
    return this.push({kind: 'unparsed', start, end})
  }

  /** Records a segment; returns where scanning goes on. */
  private push(segment: Segment): number {
    this.flushText(segment.start)
    this.segments.push(segment)
    this.textStart = segment.end
    return segment.end
  }

  private flushText(end: number): void {
    if (end > this.textStart) this.segments.push({kind: 'text', start: this.textStart, end})
  }
}

/** Applies the bare/fenced JSON rules (module comment): weak calls that fail them become text again. */
function decideWeakCalls(text: string, segments: Segment[], known: ReadonlySet<string>): Segment[] {
  let tailStart = segments.length
  while (tailStart > 0) {
    const segment = segments[tailStart - 1]
    const blank = segment.kind === 'text' && text.slice(segment.start, segment.end).trim() === ''
    if (segment.kind !== 'call' && !blank) break
    tailStart--
  }
  const isWeak = (s: Segment): boolean => s.kind === 'call' && s.weak
  const isKnownWeak = (s: Segment): boolean => s.kind === 'call' && s.weak && s.calls.every((c) => known.has(c.name))
  const tail = segments.slice(tailStart)
  const leadIn = segments
    .slice(0, tailStart)
    .filter((s) => s.kind !== 'call' || s.weak)
    .map((s) => text.slice(s.start, s.end))
    .join('')
    .trim()
  const lastLine = leadIn.slice(leadIn.lastIndexOf('\n') + 1)
  const accepted =
    !segments.slice(0, tailStart).some(isKnownWeak) &&
    tail.filter(isWeak).every(isKnownWeak) &&
    leadIn.length <= LEAD_IN_LIMIT &&
    !EXAMPLE_LEAD_IN.test(lastLine)
  return segments.map((segment, index) =>
    isWeak(segment) && !(accepted && index >= tailStart)
      ? {kind: 'text', start: segment.start, end: segment.end}
      : segment,
  )
}

// ---------------------------------------------------------------------------------------------
// Call shapes

/**
 * One call or an array of calls, in any of the shapes models write: `{name, arguments|parameters}`,
 * Llama 3.2's `{type: "function", name, parameters}`, and the OpenAI `{type?, id?, function: {name, arguments}}`.
 * 'strict' (bare JSON) also refuses keys a call never has and a missing arguments key next to other keys.
 */
function toCalls(value: unknown, mode: 'strict' | 'lenient'): RawCall[] | null {
  if (Array.isArray(value)) {
    if (value.length === 0) return null
    const calls = value.map((item) => toCall(item, mode))
    return calls.every((call): call is RawCall => call !== null) ? calls : null
  }
  const call = toCall(value, mode)
  return call ? [call] : null
}

const CALL_KEYS = new Set(['name', 'arguments', 'parameters', 'type', 'id'])

function toCall(value: unknown, mode: 'strict' | 'lenient'): RawCall | null {
  if (!isPlainObject(value)) return null
  if (isPlainObject(value.function)) {
    const outer = Object.keys(value).every((key) => key === 'function' || key === 'type' || key === 'id')
    return outer || mode === 'lenient' ? toCall(value.function, mode) : null
  }
  // A tool definition echoed back has a description and a schema; a call has neither.
  if (value.description !== undefined || typeof value.name !== 'string' || !TOOL_NAME.test(value.name.trim())) return null
  if (value.type !== undefined && value.type !== 'function') return null
  const keys = Object.keys(value)
  if (mode === 'strict' && !keys.every((key) => CALL_KEYS.has(key))) return null
  const raw = value.arguments !== undefined ? value.arguments : value.parameters
  const args = raw === undefined ? {} : toArguments(raw)
  return args ? {name: value.name.trim(), args} : null
}

/** The arguments as an object: given as one, or as a JSON string (sometimes encoded twice). */
function toArguments(raw: unknown): Record<string, unknown> | null {
  let value = raw
  for (let depth = 0; typeof value === 'string' && depth < 2; depth++) {
    value = value.trim() === '' ? {} : readWholeJson(value)
  }
  if (!isPlainObject(value)) return null
  const looksLikeSchema = value.type === 'object' && isPlainObject(value.properties)
  return looksLikeSchema ? null : value
}

/** Calls inside a code fence: JSON values, each optionally in `<tool_call>` tags, and nothing else. */
function readCallSequence(body: string, hints: SchemaHints | undefined): RawCall[] | null {
  const calls: RawCall[] = []
  let p = skipWhitespace(body, 0)
  while (p < body.length) {
    if (body.startsWith('<tool_call>', p)) p = skipWhitespace(body, p + '<tool_call>'.length)
    if (body.startsWith('<function=', p)) {
      const fn = readFunctionXml(body, p, body.length, hints)
      if (!fn) return null
      calls.push(fn.call)
      p = fn.end
    } else {
      const value = readLooseJson(body, p)
      const read = value && toCalls(value.value, 'strict')
      if (!value || !read) return null
      calls.push(...read)
      p = value.end
    }
    p = skipSeparators(body, p)
    if (body.startsWith('</tool_call>', p)) p = skipSeparators(body, p + '</tool_call>'.length)
  }
  return calls.length > 0 ? calls : null
}

/**
 * `<function=name><parameter=key>value</parameter>…</function>` (Qwen3-Coder) or `<function=name>{…}</function>`
 * (Llama 3.1). Missing `</parameter>` before the next parameter and missing `</function>` are tolerated; a
 * value cut off by the end of the message is not (it would run a half-written command or file).
 */
function readFunctionXml(
  text: string,
  start: number,
  limit: number,
  hints: SchemaHints | undefined,
): {call: RawCall; end: number; json: boolean} | null {
  const header = /^<function=([^>\n]+)>/.exec(text.slice(start, start + 200))
  if (!header) return null
  const name = cleanName(header[1])
  if (!TOOL_NAME.test(name)) return null
  let p = skipWhitespace(text, start + header[0].length)
  const closeFunction = (at: number): number => (text.startsWith('</function>', at) ? at + '</function>'.length : at)

  if (text[p] === '{') {
    const fnClose = text.indexOf('</function>', p)
    const value = readLooseJson(text, p) ?? readLooseJson(text.slice(0, fnClose === -1 ? limit : fnClose), p)
    const args = value && toArguments(value.value)
    if (!value || !args) return null
    return {call: {name, args}, end: closeFunction(skipWhitespace(text, value.end)), json: true}
  }

  const entries: Array<[string, unknown]> = []
  for (;;) {
    p = skipWhitespace(text, p)
    const param = /^<parameter=([^>\n]+)>/.exec(text.slice(p, p + 200))
    if (!param) break
    const key = cleanName(param[1])
    const valueStart = p + param[0].length
    const close = text.indexOf('</parameter>', valueStart)
    const nextParam = text.indexOf('<parameter=', valueStart)
    let valueEnd: number
    if (close !== -1 && (nextParam === -1 || close < nextParam)) {
      valueEnd = close
      p = close + '</parameter>'.length
    } else {
      const stops = [nextParam, text.indexOf('</function>', valueStart), text.indexOf('</tool_call>', valueStart)]
      const stop = Math.min(...stops.filter((s) => s !== -1))
      if (!Number.isFinite(stop)) return null // the value runs to the end of the message: cut off
      valueEnd = stop
      p = stop
    }
    entries.push([key, coerceParameter(trimOneNewline(text.slice(valueStart, valueEnd)), hintFor(hints, name, key))])
  }
  if (text.startsWith('</function>', p)) return {call: {name, args: Object.fromEntries(entries)}, end: p + '</function>'.length, json: false}
  const rest = text.slice(p, limit).trim()
  const nothingElse = rest === '' || rest.startsWith('</tool_call>') || rest.startsWith('<function=')
  if (entries.length === 0 && !nothingElse) return null
  return {call: {name, args: Object.fromEntries(entries)}, end: p, json: false}
}

/** Qwen3-Coder parameter values are raw text; the schema says what they should be. */
function coerceParameter(raw: string, type: ParamType | undefined): unknown {
  const trimmed = raw.trim()
  switch (type) {
    case 'string':
      return raw
    case 'number':
    case 'integer':
      return JSON_NUMBER.test(trimmed) ? Number(trimmed) : raw
    case 'boolean':
      return /^(true|false)$/i.test(trimmed) ? trimmed.toLowerCase() === 'true' : raw
    case 'array':
    case 'object': {
      const value = readWholeJson(trimmed)
      const fits = type === 'array' ? Array.isArray(value) : isPlainObject(value)
      return fits ? value : raw
    }
    case undefined: {
      if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true'
      if (JSON_NUMBER.test(trimmed)) return Number(trimmed)
      if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        const value = readWholeJson(trimmed)
        if (value !== undefined) return value
      }
      return raw
    }
  }
}

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/

// Tool and parameter names come from the model: own keys only, so `constructor` is not Object's.
function hintFor(hints: SchemaHints | undefined, tool: string, param: string): ParamType | undefined {
  const params = hints && Object.hasOwn(hints, tool) ? hints[tool] : undefined
  return params && Object.hasOwn(params, param) ? params[param] : undefined
}

// ---------------------------------------------------------------------------------------------
// Lenient JSON: what models write when they mean JSON. Accepts single-quoted strings and Python's
// True/False/None, raw newlines in strings, trailing commas, and up to two closing brackets missing at
// the very end of the text. Unknown escapes and \b, \f are kept as written: in tool arguments they are
// Windows paths (`C:\Users\file`), never backspace or form feed. Everything else fails.

const FAIL = Symbol('fail')
const MAX_AUTO_CLOSE = 2

/** Reads one JSON value at `start`; null when there is none. `end` is just after it. */
function readLooseJson(text: string, start: number): {value: unknown; end: number} | null {
  let pos = start
  let autoClosed = 0

  const ws = (): void => {
    pos = skipWhitespace(text, pos)
  }
  const closeAtEnd = (): boolean => pos >= text.length && autoClosed++ < MAX_AUTO_CLOSE

  const readValue = (): unknown => {
    ws()
    const c = text[pos]
    if (c === '{') return readContainer('}')
    if (c === '[') return readContainer(']')
    if (c === '"' || c === "'") return readString()
    const number = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y
    number.lastIndex = pos
    const n = number.exec(text)
    if (n) {
      pos += n[0].length
      return Number(n[0])
    }
    const word = /(true|false|null|True|False|None)(?![\w$])/y
    word.lastIndex = pos
    const w = word.exec(text)
    if (!w) return FAIL
    pos += w[0].length
    return w[1] === 'true' || w[1] === 'True' ? true : w[1] === 'false' || w[1] === 'False' ? false : null
  }

  const readContainer = (closer: '}' | ']'): unknown => {
    pos++
    const entries: Array<[string, unknown]> = []
    const items: unknown[] = []
    ws()
    if (text[pos] === closer) {
      pos++
      return closer === '}' ? {} : []
    }
    for (;;) {
      ws()
      if (closer === '}') {
        if (text[pos] !== '"' && text[pos] !== "'") return FAIL
        const key = readString()
        if (key === FAIL) return FAIL
        ws()
        if (text[pos] !== ':') return FAIL
        pos++
        const value = readValue()
        if (value === FAIL) return FAIL
        entries.push([key as string, value])
      } else {
        const value = readValue()
        if (value === FAIL) return FAIL
        items.push(value)
      }
      ws()
      if (text[pos] === ',') {
        pos++
        ws()
        if (text[pos] !== closer) continue
      }
      if (text[pos] === closer) pos++
      else if (!closeAtEnd()) return FAIL
      // fromEntries defines own properties, so a "__proto__" key stays a key.
      return closer === '}' ? Object.fromEntries(entries) : items
    }
  }

  const readString = (): unknown => {
    const quote = text[pos++]
    let out = ''
    while (pos < text.length) {
      const c = text[pos++]
      if (c === quote) return out
      if (c !== '\\') {
        out += c
        continue
      }
      const e = text[pos++]
      if (e === undefined) return FAIL
      const simple: Record<string, string> = {n: '\n', t: '\t', r: '\r', '/': '/', '\\': '\\', '"': '"', "'": "'"}
      if (e in simple) out += simple[e]
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos, pos + 4))) {
        out += String.fromCharCode(parseInt(text.slice(pos, pos + 4), 16))
        pos += 4
      } else out += `\\${e}`
    }
    return FAIL
  }

  const value = readValue()
  return value === FAIL ? null : {value, end: pos}
}

/** The whole text as one lenient JSON value, or undefined. */
function readWholeJson(text: string): unknown {
  const start = skipWhitespace(text, 0)
  const read = readLooseJson(text, start)
  return read && skipWhitespace(text, read.end) === text.length ? read.value : undefined
}

// ---------------------------------------------------------------------------------------------
// Text positions

function readFence(text: string, i: number): {language: string; body: string; end: number} | null {
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
function skipInlineCode(text: string, i: number): number {
  let n = i
  while (text[n] === '`') n++
  const run = text.slice(i, n)
  const close = text.slice(n, lineEnd(text, n)).indexOf(run)
  return close !== -1 && text[n + close + run.length] !== '`' ? n + close + run.length : n
}

function stripTrailingEndTokens(text: string): string {
  let end = text.length
  for (let changed = true; changed; ) {
    changed = false
    const trimmed = text.slice(0, end).trimEnd()
    for (const token of END_TOKENS) {
      if (trimmed.endsWith(token)) {
        end = trimmed.length - token.length
        changed = true
      }
    }
  }
  return text.slice(0, end)
}

function skipEndTokens(text: string, p: number): number {
  let end = p
  for (let q = skipWhitespace(text, p), token = endTokenAt(text, q); token; q = skipWhitespace(text, end), token = endTokenAt(text, q)) {
    end = q + token.length
  }
  return end
}

function endTokenAt(text: string, p: number): string | undefined {
  return END_TOKENS.find((token) => text.startsWith(token, p))
}

/** Where a call was removed, the text on both sides is joined by one blank line. */
function joinParts(parts: string[]): string {
  return parts
    .map((part) => part.replace(/^\s*\n/, '').trimEnd())
    .filter((part) => part.trim() !== '')
    .join('\n\n')
}

function skipWhitespace(text: string, p: number): number {
  while (p < text.length && /\s/.test(text[p])) p++
  return p
}

function skipSpaces(text: string, p: number): number {
  while (text[p] === ' ' || text[p] === '\t') p++
  return p
}

function skipSeparators(text: string, p: number): number {
  while (p < text.length && /[\s,;]/.test(text[p])) p++
  return p
}

function lineEnd(text: string, p: number): number {
  const eol = text.indexOf('\n', p)
  return eol === -1 ? text.length : eol
}

function untilAny(text: string, p: number, stops: string[]): number {
  const found = stops.map((stop) => text.indexOf(stop, p)).filter((at) => at !== -1)
  return found.length > 0 ? Math.min(...found) : text.length
}

function trimOneNewline(value: string): string {
  return value.replace(/^\r?\n/, '').replace(/\r?\n$/, '')
}

function cleanName(name: string): string {
  return name.trim().replace(/^["']|["']$/g, '')
}

function makeCallId(content: string, index: number, name: string, args: string): string {
  return createHash('sha256').update(`${index}\0${name}\0${args}\0${content}`).digest('hex').slice(0, 9)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function schemaType(schema: unknown): ParamType | undefined {
  if (!isPlainObject(schema)) return undefined
  // zod writes a nullable field as anyOf [{type: X}, {type: 'null'}].
  if (Array.isArray(schema.anyOf)) return schema.anyOf.map(schemaType).find((type) => type !== undefined)
  const types = Array.isArray(schema.type) ? schema.type : [schema.type]
  const type = types.find((t) => typeof t === 'string' && t !== 'null')
  return ['string', 'number', 'integer', 'boolean', 'array', 'object'].includes(type) ? (type as ParamType) : undefined
}

function describeType(schema: unknown): string {
  if (!isPlainObject(schema)) return 'any'
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ')
  const type = schemaType(schema)
  if (type === 'array') return `${isPlainObject(schema.items) ? (schemaType(schema.items) ?? 'any') : 'any'}[]`
  return type ?? 'any'
}

function describeDefault(schema: unknown): string | undefined {
  return isPlainObject(schema) && schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : undefined
}
