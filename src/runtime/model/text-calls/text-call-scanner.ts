import {callsFromJson, argumentsFromJson, readJsonCalls, type RawCall} from './calls-from-json.js'
import {nameFollowedBy, type ReadContext, type TextToolCallFormat} from './call-read.js'
import {readFence, skipInlineCode} from './code-spans.js'
import {skipEndTokens} from './end-tokens.js'
import {functionTagName, readFunctionTag} from './function-tag.js'
import {readLooseJson, readLooseJsonBefore} from './loose-json.js'
import type {SchemaHints} from './schema-hints.js'
import {readActionFence} from './named-json-calls.js'
import {JSON_FENCE_LANGUAGES, MARKER_READERS} from './text-call-start.js'
import {lineEnd, skipSeparators, skipSpaces, skipWhitespace, untilAny} from './text-positions.js'
import {readGlmCall, readInvokes} from './xml-parameter-calls.js'

/**
 * Finds call markup in a message in one pass left to right, so a marker inside a code block, inline code
 * or a quote is never read, and code fences inside a call's arguments never hide the call. Which weak
 * (bare or fenced JSON) calls count is decided afterwards, on the whole message (text-tool-calls.ts).
 */

export type {TextToolCallFormat} from './call-read.js'

/** The message cut into spans, in order and without gaps. A weak call is bare or fenced JSON, which may yet be text. */
export type Segment =
  | {kind: 'text'; start: number; end: number}
  | {kind: 'unparsed'; start: number; end: number}
  | {kind: 'call'; start: number; end: number; calls: RawCall[]; format: TextToolCallFormat; weak: boolean}

/** The segments of `text`; `known` tool names admit a bare `<function=…>`, `hints` type Qwen3-Coder parameters. */
export function scanTextCalls(text: string, known: ReadonlySet<string>, hints: SchemaHints | undefined): Segment[] {
  return new Scanner(text, known, hints).scan()
}

const READER_FIRST_CHARS = new Set(MARKER_READERS.map((reader) => reader.marker[0]))

class Scanner {
  private readonly segments: Segment[] = []
  private textStart = 0
  private readonly context: ReadContext

  constructor(
    private readonly text: string,
    private readonly known: ReadonlySet<string>,
    private readonly hints: SchemaHints | undefined,
  ) {
    this.context = {known, hints}
  }

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
    // A blockquote, unless it is functionary's `>>>name` call.
    if (text[indent] === '>') return this.atMarker(indent) ?? lineEnd(text, indent)
    if (text[indent] === '{' || text[indent] === '[') return this.bareJson(indent)
    const action = readActionFence(text, indent)
    if (action) return this.push({kind: 'call', start: indent, end: skipEndTokens(text, action.end), calls: action.calls, format: 'command-r', weak: true})
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
      const read = callsFromJson(value.value, 'strict')
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

  /** One branch per CALL_MARKERS entry, which the streaming gate holds back on; MARKER_READERS read their own. */
  private atMarker(i: number): number | undefined {
    const {text} = this
    if (text.startsWith('<tool_call>', i)) return this.toolCallTag(i)
    if (text.startsWith('<function=', i)) return this.bareFunction(i)
    if (text.startsWith('<|python_tag|>', i)) return this.pythonTag(i)
    if (text.startsWith('[TOOL_CALLS]', i)) return this.mistral(i)
    if (text.startsWith('[TOOL_REQUEST]', i)) return this.toolRequest(i)
    if (!READER_FIRST_CHARS.has(text[i])) return undefined
    for (const reader of MARKER_READERS) {
      if (!text.startsWith(reader.marker, i)) continue
      const read = reader.read(text, i, this.context)
      if (read?.kind === 'call') return this.pushCall(i, read.end, read.calls, read.format)
      if (read?.kind === 'unparsed') return this.unparsed(i, read.end)
    }
    return undefined
  }

  private toolCallTag(start: number): number | undefined {
    const {text} = this
    let p = skipWhitespace(text, start + '<tool_call>'.length)
    const close = text.indexOf('</tool_call>', start)
    const limit = close === -1 ? text.length : close
    if (nameFollowedBy(text, p, ['<arg_key>', '</tool_call>']) === 'yes') return this.glm(start, p, close)
    // The tag named in a sentence ("I can't emit <tool_call> here") is just text.
    if (!/[{[<`]/.test(text[p] ?? '')) return undefined
    if (text.startsWith('<invoke', p)) {
      const invokes = readInvokes(text, p, this.hints)
      if (!invokes) return this.unparsed(start, close === -1 ? text.length : close + '</tool_call>'.length)
      return this.pushCall(start, pastClosingTag(text, invokes.end, '</tool_call>'), invokes.calls, 'minimax')
    }
    if (text.startsWith('```', p)) p = skipWhitespace(text, lineEnd(text, p))
    const calls: RawCall[] = []
    let format: TextToolCallFormat = 'hermes'
    if (text.startsWith('<function=', p)) {
      format = 'qwen3-coder-xml'
      while (text.startsWith('<function=', p)) {
        const fn = readFunctionTag(text, p, limit, this.hints)
        if (!fn) break
        calls.push(fn.call)
        if (fn.json) format = 'llama-function-tag'
        p = skipWhitespace(text, fn.end)
      }
    } else {
      const run = readJsonCalls(text, p, limit)
      calls.push(...run.calls)
      p = run.end
    }
    if (calls.length === 0) return this.unparsed(start, close === -1 ? text.length : close + '</tool_call>'.length)
    p = skipWhitespace(text, p)
    if (text.startsWith('```', p)) p = skipWhitespace(text, p + 3)
    if (text.startsWith('</tool_call>', p)) p += '</tool_call>'.length
    return this.pushCall(start, p, calls, format)
  }

  /** GLM's `<tool_call>name<arg_key>…`, one call per tag; its name starts at `p`. */
  private glm(start: number, p: number, close: number): number | undefined {
    const read = readGlmCall(this.text, p, this.hints)
    if (!read) return this.unparsed(start, close === -1 ? this.text.length : close + '</tool_call>'.length)
    // `<tool_call>word</tool_call>` with no arguments may be prose about the tag; it counts for a tool that exists.
    if (Object.keys(read.call.args).length === 0 && !this.known.has(read.call.name)) return undefined
    return this.pushCall(start, read.end, [read.call], 'glm')
  }

  /** `<function=name>` without `<tool_call>`: Qwen3-Coder dropping its opener, or Llama 3.1's custom format. */
  private bareFunction(start: number): number | undefined {
    const {text} = this
    const name = functionTagName(text, start)
    if (name === undefined || !this.known.has(name)) return undefined
    const fn = readFunctionTag(text, start, text.length, this.hints)
    if (!fn) return this.unparsed(start, lineEnd(text, start))
    return this.pushCall(start, pastClosingTag(text, fn.end, '</tool_call>'), [fn.call], fn.json ? 'llama-function-tag' : 'qwen3-coder-xml')
  }

  private pythonTag(start: number): number {
    const {text} = this
    const {calls, end} = readJsonCalls(text, start + '<|python_tag|>'.length, text.length)
    if (calls.length === 0) return this.unparsed(start, untilAny(text, start, ['<|eom_id|>', '<|eot_id|>']))
    return this.pushCall(start, end, calls, 'llama-python-tag')
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
        const args = value && argumentsFromJson(value.value)
        if (value && args) {
          read = [{name: header[1], args}]
          end = value.end
        }
      } else if (q !== p) {
        const value = readLooseJson(text, q)
        read = value && callsFromJson(value.value, 'lenient')
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
    const value = readLooseJsonBefore(text, from, close === -1 ? text.length : close)
    const calls = value && callsFromJson(value.value, 'lenient')
    if (!value || !calls) return this.unparsed(start, close === -1 ? text.length : close + '[END_TOOL_REQUEST]'.length)
    return this.pushCall(start, pastClosingTag(text, value.end, '[END_TOOL_REQUEST]'), calls, 'lmstudio')
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

/** Past `tag` when only whitespace stands between `p` and it; otherwise `p`. */
function pastClosingTag(text: string, p: number, tag: string): number {
  const at = skipWhitespace(text, p)
  return text.startsWith(tag, at) ? at + tag.length : p
}

/** Calls inside a code fence: JSON values, each optionally in `<tool_call>` tags, and nothing else. */
function readCallSequence(body: string, hints: SchemaHints | undefined): RawCall[] | null {
  const calls: RawCall[] = []
  let p = skipWhitespace(body, 0)
  while (p < body.length) {
    if (body.startsWith('<tool_call>', p)) p = skipWhitespace(body, p + '<tool_call>'.length)
    if (body.startsWith('<function=', p)) {
      const fn = readFunctionTag(body, p, body.length, hints)
      if (!fn) return null
      calls.push(fn.call)
      p = fn.end
    } else {
      const value = readLooseJson(body, p)
      const read = value && callsFromJson(value.value, 'strict')
      if (!value || !read) return null
      calls.push(...read)
      p = value.end
    }
    p = skipSeparators(body, p)
    if (body.startsWith('</tool_call>', p)) p = skipSeparators(body, p + '</tool_call>'.length)
  }
  return calls.length > 0 ? calls : null
}
