/**
 * A scripted OpenAI-compatible server for tests: real HTTP on 127.0.0.1, each reply in the byte shape of one
 * real server (WIRE.md §1), plus the failures servers produce (§3, §4). Runs inside the jest worker; a CLI
 * under test connects to it over TCP like to any server.
 */
import {randomBytes} from 'node:crypto'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

export type WireFlavor = 'llamacpp' | 'ollama' | 'ollama-legacy' | 'vllm' | 'lmstudio' | 'koboldcpp' | 'openai'

export interface WireToolCall {
  name: string
  /** An object is serialised the way the flavor's server does; a string is sent as it is. */
  arguments: Record<string, unknown> | string
  id?: string
  /** How the arguments are cut into deltas, for flavors that stream them in pieces. */
  argumentPieces?: string[]
}

/** One reply in a flavor's shape. A string `text`/`reasoning` is cut into word pieces; an array is used as is. */
export interface ReplyTurn {
  flavor: WireFlavor
  text?: string | string[]
  /** Sent in the flavor's reasoning field; openai and koboldcpp have none and always get it inline. */
  reasoning?: string | string[]
  /** Put the reasoning into `content` as `<think>…</think>` (a server without a reasoning parser). */
  thinkInline?: boolean
  toolCalls?: WireToolCall[]
  /** Whole reply or SSE; default follows the request's `stream`. */
  stream?: boolean
  /** Overrides the finish reason; `null` leaves the finish chunk out. */
  finishReason?: string | null
  /** `false` leaves `data: [DONE]` out. */
  done?: boolean
  id?: string
  created?: number
  /** The `model` field; default: what the request sent. */
  model?: string
  usage?: {promptTokens: number; completionTokens: number}
  /** Destroy the socket after `afterChunks` SSE events. */
  closeMidStream?: boolean
  /** Go silent (connection open) after `afterChunks` SSE events. */
  hangMidStream?: boolean
  afterChunks?: number
  /** llama.cpp: after the text, `data: {"error": …}` and the end, no [DONE]. */
  midStreamError?: Record<string, unknown>
}

export type WireTurn =
  | ReplyTurn
  /** An error reply: `body` is sent as it is (a string) or as JSON. */
  | {status: number; body: string | Record<string, unknown>; contentType?: string}
  /** SSE headers, then silence. */
  | {hangAfterHeaders: true}
  /** Accept the request and never answer. */
  | {hangBeforeHeaders: true}
  /** LM Studio: HTTP 200, then `event: error` with this data. */
  | {lmstudioErrorEvent: Record<string, unknown>}
  /** llama.cpp 2025: HTTP 200, an `error:` SSE field no client reads, then [DONE]. */
  | {llamacppErrorField: Record<string, unknown>}
  /** Exactly these bytes as an SSE body. */
  | {raw: string; status?: number; contentType?: string}

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  /** Parsed JSON, or the raw text when it was not JSON, or undefined when empty. */
  body: unknown
}

export interface WireServerOptions {
  /** What `GET /v1/models` lists, in whose shape. Empty ids give ollama's `"data": null`. */
  models?: {flavor: WireFlavor; ids: string[]; contextLength?: number; contextLengths?: Record<string, number | null>}
}

export interface WireServer {
  /** `http://127.0.0.1:PORT/v1` */
  url: string
  port: number
  requests: RecordedRequest[]
  close(): Promise<void>
}

export async function startWireServer(turns: WireTurn[], options: WireServerOptions = {}): Promise<WireServer> {
  const requests: RecordedRequest[] = []
  let next = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const request: RecordedRequest = {method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: parseBody(text)}
      requests.push(request)
      const path = request.path.split('?')[0]
      if (request.method === 'GET' && path === '/v1/models') return sendJson(res, 200, modelList(options.models))
      if (request.method !== 'POST' || path !== '/v1/chat/completions') {
        return sendJson(res, 404, {error: `Unexpected endpoint or method. (${request.method} ${request.path})`})
      }
      const turn = turns[next]
      next += 1
      if (!turn) {
        const message = `wire server: script exhausted (${turns.length} turns scripted, this is request ${next})`
        return sendJson(res, 500, {error: {code: 500, message, type: 'server_error'}})
      }
      answer(turn, request, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text // recorded as it came, for tests to inspect
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, {'Content-Type': 'application/json; charset=utf-8'})
  res.end(JSON.stringify(value))
}

const SSE_HEADERS = {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive'}

function answer(turn: WireTurn, request: RecordedRequest, res: ServerResponse): void {
  if ('status' in turn && 'body' in turn) {
    const isText = typeof turn.body === 'string'
    res.writeHead(turn.status, {'Content-Type': turn.contentType ?? (isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8')})
    res.end(isText ? turn.body : JSON.stringify(turn.body))
    return
  }
  if ('hangBeforeHeaders' in turn) return
  if ('hangAfterHeaders' in turn) {
    res.writeHead(200, SSE_HEADERS)
    res.flushHeaders()
    return
  }
  if ('lmstudioErrorEvent' in turn) {
    res.writeHead(200, SSE_HEADERS)
    res.end(`event: error\ndata: ${JSON.stringify(turn.lmstudioErrorEvent)}\n\n`)
    return
  }
  if ('llamacppErrorField' in turn) {
    res.writeHead(200, SSE_HEADERS)
    res.end(`error: ${JSON.stringify(turn.llamacppErrorField)}\n\ndata: [DONE]\n\n`)
    return
  }
  if ('raw' in turn) {
    res.writeHead(turn.status ?? 200, {...SSE_HEADERS, 'Content-Type': turn.contentType ?? SSE_HEADERS['Content-Type']})
    res.end(turn.raw)
    return
  }
  const body = isRecord(request.body) ? request.body : {}
  const stream = turn.stream ?? body.stream === true
  const reply = normaliseReply(turn, typeof body.model === 'string' ? body.model : 'model')
  if (!stream) return sendJson(res, 200, renderWholeReply(reply))

  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true
  const events = renderStream(reply, {includeUsage})
  const limit = turn.closeMidStream || turn.hangMidStream ? (turn.afterChunks ?? 2) : events.length
  res.writeHead(200, SSE_HEADERS)
  res.flushHeaders()
  for (const event of events.slice(0, limit)) res.write(event)
  if (turn.closeMidStream) {
    // Only once the chunks are on the wire: destroying at once would drop them.
    res.write('', () => res.socket?.destroy())
    return
  }
  if (turn.hangMidStream) return
  if (turn.midStreamError) {
    res.end(`data: ${JSON.stringify({error: turn.midStreamError})}\n\n`)
    return
  }
  res.end()
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A reply reduced to what every flavor renders, with the flavor's ids and serialisation applied. */
export interface NormalisedReply {
  flavor: WireFlavor
  id: string
  created: number
  model: string
  reasoning: string[]
  content: string[]
  calls: Array<{id: string; name: string; arguments: string; pieces: string[]}>
  finishReason: string | null
  done: boolean
  /** Chunks are cut short: the stream ends in an error, so no finish, usage or [DONE]. */
  brokenOff: boolean
  usage: {prompt: number; completion: number}
}

const pieces = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : (value.match(/\S+\s*|\s+/g) ?? [])

const HAS_REASONING_FIELD: Record<WireFlavor, boolean> = {
  llamacpp: true,
  ollama: true,
  'ollama-legacy': true,
  vllm: true,
  lmstudio: true,
  koboldcpp: false,
  openai: false,
}

export function normaliseReply(turn: ReplyTurn, requestModel: string): NormalisedReply {
  const flavor = turn.flavor
  const reasoning = pieces(turn.reasoning)
  const text = pieces(turn.text)
  const inline = reasoning.length > 0 && (turn.thinkInline === true || !HAS_REASONING_FIELD[flavor])
  const content = inline ? ['<think>', ...reasoning, '</think>', '\n\n', ...text] : text
  const calls = (turn.toolCalls ?? []).map((call) => {
    const args = typeof call.arguments === 'string' ? call.arguments : serialiseArguments(flavor, call.arguments)
    return {id: call.id ?? toolCallId(flavor), name: call.name, arguments: args, pieces: call.argumentPieces ?? cutArguments(args)}
  })
  const defaultFinish = calls.length > 0 && flavor !== 'ollama-legacy' ? 'tool_calls' : 'stop'
  const brokenOff = turn.midStreamError !== undefined
  return {
    flavor,
    id: turn.id ?? completionId(flavor),
    created: turn.created ?? Math.floor(Date.now() / 1000),
    model: turn.model ?? requestModel,
    reasoning: inline ? [] : reasoning,
    content,
    calls,
    finishReason: brokenOff ? null : turn.finishReason === undefined ? defaultFinish : turn.finishReason,
    done: !brokenOff && turn.done !== false,
    brokenOff,
    usage: {prompt: turn.usage?.promptTokens ?? 10, completion: turn.usage?.completionTokens ?? 13},
  }
}

/** Python's `json.dumps` spacing (vLLM, koboldcpp); the others write compact JSON. */
function serialiseArguments(flavor: WireFlavor, value: unknown): string {
  return flavor === 'vllm' || flavor === 'koboldcpp' ? pythonJson(value) : JSON.stringify(value)
}

function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`
  if (isRecord(value)) return `{${Object.entries(value).map(([key, inner]) => `${JSON.stringify(key)}: ${pythonJson(inner)}`).join(', ')}}`
  return JSON.stringify(value)
}

/** Cuts argument JSON every 7 characters, through keys and strings, as token streams do. */
function cutArguments(args: string): string[] {
  const out: string[] = []
  for (let i = 0; i < args.length; i += 7) out.push(args.slice(i, i + 7))
  return out.length > 0 ? out : ['']
}

const randomFrom = (alphabet: string, length: number): string =>
  Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('')
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'
const HEX = '0123456789abcdef'
const DIGITS = '0123456789'

function toolCallId(flavor: WireFlavor): string {
  switch (flavor) {
    case 'llamacpp':
      return randomFrom(ALNUM, 32)
    case 'ollama':
    case 'ollama-legacy':
      return `call_${randomFrom(LOWER_ALNUM, 8)}`
    case 'vllm':
      return `chatcmpl-tool-${randomFrom(HEX, 32)}`
    case 'lmstudio':
      return randomFrom(DIGITS, 9)
    case 'koboldcpp':
      return `call_${randomFrom(DIGITS, 5)}`
    case 'openai':
      return `call_${randomFrom(ALNUM, 24)}`
  }
}

function completionId(flavor: WireFlavor): string {
  switch (flavor) {
    case 'llamacpp':
      return `chatcmpl-${randomFrom(ALNUM, 32)}`
    case 'ollama':
    case 'ollama-legacy':
      return `chatcmpl-${randomFrom(DIGITS, 3)}`
    case 'vllm':
      return `chatcmpl-${randomFrom(HEX, 32)}`
    case 'lmstudio':
      return `chatcmpl-${randomFrom(LOWER_ALNUM, 21)}`
    case 'koboldcpp':
      return 'koboldcpp'
    case 'openai':
      return `chatcmpl-${randomFrom(ALNUM, 29)}`
  }
}

type Delta = Record<string, unknown>

/** Every SSE event of a streamed reply, each ending in a blank line. */
export function renderStream(reply: NormalisedReply, options: {includeUsage: boolean}): string[] {
  const events = STREAM_RENDERERS[reply.flavor](reply, options.includeUsage)
  if (reply.done) events.push('data: [DONE]\n\n')
  return events
}

const sse = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`
const usageFields = (reply: NormalisedReply) => ({
  prompt_tokens: reply.usage.prompt,
  completion_tokens: reply.usage.completion,
  total_tokens: reply.usage.prompt + reply.usage.completion,
})
const llamaTimings = (reply: NormalisedReply) => ({
  cache_n: 0,
  prompt_n: reply.usage.prompt,
  prompt_ms: 12.5,
  prompt_per_token_ms: 1.25,
  prompt_per_second: 800,
  predicted_n: reply.usage.completion,
  predicted_ms: 104,
  predicted_per_token_ms: 8,
  predicted_per_second: 125,
})

/** The deltas most flavors send one per chunk: reasoning pieces, content pieces, then each call. */
function pieceDeltas(
  reply: NormalisedReply,
  shape: {reasoningKey: string; callStart: (call: NormalisedReply['calls'][number], index: number) => Delta},
): Delta[] {
  const deltas: Delta[] = []
  for (const piece of reply.reasoning) deltas.push({[shape.reasoningKey]: piece})
  for (const piece of reply.content) deltas.push({content: piece})
  reply.calls.forEach((call, index) => {
    deltas.push({tool_calls: [shape.callStart(call, index)]})
    for (const piece of call.pieces) deltas.push({tool_calls: [{index, function: {arguments: piece}}]})
  })
  return deltas
}

const STREAM_RENDERERS: Record<WireFlavor, (reply: NormalisedReply, includeUsage: boolean) => string[]> = {
  llamacpp(reply, includeUsage) {
    const envelope = (choices: unknown[], tail: Record<string, unknown> = {}) => ({
      choices,
      created: reply.created,
      id: reply.id,
      model: reply.model,
      system_fingerprint: 'b8900-3e7a91c2',
      object: 'chat.completion.chunk',
      ...tail,
    })
    const choice = (delta: Delta, finish: string | null = null) => ({finish_reason: finish, index: 0, delta})
    const deltas = [
      {role: 'assistant', content: null},
      ...pieceDeltas(reply, {reasoningKey: 'reasoning_content', callStart: (call, index) => ({index, id: call.id, type: 'function', function: {name: call.name}})}),
    ]
    const events = deltas.map((delta) => sse(envelope([choice(delta)])))
    if (reply.brokenOff) return events
    if (reply.finishReason !== null) events.push(sse(envelope([choice({}, reply.finishReason)], {timings: llamaTimings(reply)})))
    if (includeUsage) {
      const usage = {completion_tokens: reply.usage.completion, prompt_tokens: reply.usage.prompt, total_tokens: reply.usage.prompt + reply.usage.completion}
      events.push(sse(envelope([], {usage, timings: llamaTimings(reply)})))
    }
    return events
  },

  ollama: (reply, includeUsage) => renderOllama(reply, includeUsage, false),
  'ollama-legacy': (reply, includeUsage) => renderOllama(reply, includeUsage, true),

  vllm(reply, includeUsage) {
    const envelope = (choices: unknown[], tail: Record<string, unknown> = {}) => ({
      id: reply.id,
      object: 'chat.completion.chunk',
      created: reply.created,
      model: reply.model,
      choices,
      ...tail,
    })
    const choice = (delta: Delta, finish: string | null) =>
      finish === null ? {index: 0, delta, logprobs: null, finish_reason: null} : {index: 0, delta, logprobs: null, finish_reason: finish, stop_reason: null}
    const deltas = [
      {role: 'assistant', content: ''},
      ...pieceDeltas(reply, {reasoningKey: 'reasoning', callStart: (call, index) => ({index, id: call.id, type: 'function', function: {name: call.name}})}),
    ]
    if (reply.brokenOff || reply.finishReason === null) return deltas.map((delta) => sse(envelope([choice(delta, null)])))
    // The finish chunk carries the last token's delta (often the tail of the arguments).
    const last = deltas.length > 1 ? deltas.pop() : {}
    const events = deltas.map((delta) => sse(envelope([choice(delta, null)])))
    events.push(sse(envelope([choice(last ?? {}, reply.finishReason)])))
    if (includeUsage) {
      events.push(sse(envelope([], {usage: {prompt_tokens: reply.usage.prompt, total_tokens: reply.usage.prompt + reply.usage.completion, completion_tokens: reply.usage.completion}})))
    }
    return events
  },

  lmstudio(reply, includeUsage) {
    const envelope = (choices: unknown[], tail: Record<string, unknown> = {}) => ({
      id: reply.id,
      object: 'chat.completion.chunk',
      created: reply.created,
      model: reply.model,
      system_fingerprint: reply.model,
      choices,
      ...tail,
    })
    const choice = (delta: Delta, finish: string | null = null) => ({index: 0, delta, logprobs: null, finish_reason: finish})
    const deltas = pieceDeltas(reply, {
      reasoningKey: 'reasoning_content',
      callStart: (call, index) => ({index, id: call.id, type: 'function', function: {name: call.name, arguments: ''}}),
    }).map((delta) => ({role: 'assistant', ...delta}))
    const events = deltas.map((delta) => sse(envelope([choice(delta)])))
    if (reply.brokenOff) return events
    if (reply.finishReason !== null) events.push(sse(envelope([choice({}, reply.finishReason)])))
    if (includeUsage) events.push(sse(envelope([], {usage: usageFields(reply)})))
    return events
  },

  koboldcpp(reply) {
    const envelope = (choices: unknown[]) => ({id: reply.id, object: 'chat.completion.chunk', created: reply.created, model: `koboldcpp/${reply.model}`, choices})
    const choice = (delta: Delta, finish: string | null = null) => ({index: 0, finish_reason: finish, delta})
    // With tools the stream is not real: the whole answer arrives as one content chunk, then the calls.
    const contentDeltas =
      reply.calls.length > 0 ? (reply.content.length > 0 ? [{role: 'assistant', content: reply.content.join('')}] : []) : reply.content.map((piece) => ({role: 'assistant', content: piece}))
    const events = contentDeltas.map((delta) => sse(envelope([choice(delta)])))
    if (reply.calls.length > 0) {
      const toolCalls = reply.calls.map((call, index) => ({index, id: call.id, type: 'function', function: {name: call.name, arguments: call.arguments}}))
      events.push(sse(envelope([choice({role: 'assistant', content: null, tool_calls: toolCalls})])))
    }
    if (reply.brokenOff) return events
    if (reply.finishReason !== null) events.push(sse(envelope([choice({}, reply.finishReason)])))
    return events
  },

  openai(reply, includeUsage) {
    const envelope = (choices: unknown[], tail: Record<string, unknown> = {}) => ({
      id: reply.id,
      object: 'chat.completion.chunk',
      created: reply.created,
      model: reply.model,
      service_tier: 'default',
      system_fingerprint: 'fp_5e10a7c9d2',
      choices,
      ...(includeUsage ? {usage: null} : {}),
      ...tail,
    })
    const choice = (delta: Delta, finish: string | null = null) => ({index: 0, delta, logprobs: null, finish_reason: finish})
    const first = {role: 'assistant', content: reply.content.length > 0 ? '' : null, refusal: null}
    const deltas = [
      first,
      ...pieceDeltas(reply, {reasoningKey: 'reasoning', callStart: (call, index) => ({index, id: call.id, type: 'function', function: {name: call.name, arguments: ''}})}),
    ]
    const events = deltas.map((delta) => sse(envelope([choice(delta)])))
    if (reply.brokenOff) return events
    if (reply.finishReason !== null) events.push(sse(envelope([choice({}, reply.finishReason)])))
    if (includeUsage) {
      const usage = {...usageFields(reply), prompt_tokens_details: {cached_tokens: 0, audio_tokens: 0}, completion_tokens_details: {reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0}}
      events.push(sse(envelope([], {usage})))
    }
    return events
  },
}

/** ollama ≥ 0.32.6 sends `role` once; 0.12–0.32.5 (`legacy`) sends role and a content string on every chunk. */
function renderOllama(reply: NormalisedReply, includeUsage: boolean, legacy: boolean): string[] {
  const envelope = (choices: unknown[], tail: Record<string, unknown> = {}) => ({
    id: reply.id,
    object: 'chat.completion.chunk',
    created: reply.created,
    model: reply.model,
    system_fingerprint: 'fp_ollama',
    choices,
    ...tail,
  })
  const choice = (delta: Delta, finish: string | null = null) => ({index: 0, delta, finish_reason: finish})
  const deltas: Delta[] = [
    ...reply.reasoning.map((piece) => ({content: '', reasoning: piece})),
    ...reply.content.map((piece) => ({content: piece})),
    // Each call whole, in one delta.
    ...reply.calls.map((call, index) => ({content: '', tool_calls: [{id: call.id, index, type: 'function', function: {name: call.name, arguments: call.arguments}}]})),
  ]
  if (deltas.length === 0) deltas.push({content: ''})
  const withRole = deltas.map((delta, i) => (legacy || i === 0 ? {role: 'assistant', ...delta} : delta))
  const events = withRole.map((delta) => sse(envelope([choice(delta)])))
  if (reply.brokenOff) return events
  if (reply.finishReason !== null) events.push(sse(envelope([choice(legacy ? {role: 'assistant', content: ''} : {}, reply.finishReason)])))
  if (includeUsage) events.push(sse(envelope([], {usage: usageFields(reply)})))
  return events
}

/** The non-streamed reply (`stream: false`) in the flavor's shape. */
export function renderWholeReply(reply: NormalisedReply): Record<string, unknown> {
  const text = reply.content.join('')
  const reasoning = reply.reasoning.join('')
  const finish = reply.finishReason ?? 'stop'
  const hasCalls = reply.calls.length > 0
  const usage = usageFields(reply)
  switch (reply.flavor) {
    case 'llamacpp': {
      const message = {
        role: 'assistant',
        ...(reasoning ? {reasoning_content: reasoning} : {}),
        content: text === '' && hasCalls ? null : text,
        ...(hasCalls ? {tool_calls: reply.calls.map((call) => ({type: 'function', function: {name: call.name, arguments: call.arguments}, id: call.id}))} : {}),
      }
      return {
        choices: [{finish_reason: finish, index: 0, message}],
        created: reply.created,
        model: reply.model,
        system_fingerprint: 'b8900-3e7a91c2',
        object: 'chat.completion',
        usage: {completion_tokens: usage.completion_tokens, prompt_tokens: usage.prompt_tokens, total_tokens: usage.total_tokens},
        id: reply.id,
        timings: llamaTimings(reply),
      }
    }
    case 'ollama':
    case 'ollama-legacy': {
      const message = {
        role: 'assistant',
        content: text,
        ...(reasoning ? {reasoning} : {}),
        ...(hasCalls ? {tool_calls: reply.calls.map((call, index) => ({id: call.id, index, type: 'function', function: {name: call.name, arguments: call.arguments}}))} : {}),
      }
      return {id: reply.id, object: 'chat.completion', created: reply.created, model: reply.model, system_fingerprint: 'fp_ollama', choices: [{index: 0, message, finish_reason: finish}], usage}
    }
    case 'vllm': {
      const message = {
        role: 'assistant',
        content: text === '' && hasCalls ? null : text,
        refusal: null,
        annotations: null,
        audio: null,
        function_call: null,
        tool_calls: reply.calls.map((call) => ({id: call.id, type: 'function', function: {name: call.name, arguments: call.arguments}})),
        reasoning: reasoning === '' ? null : reasoning,
      }
      return {
        id: reply.id,
        object: 'chat.completion',
        created: reply.created,
        model: reply.model,
        choices: [{index: 0, message, logprobs: null, finish_reason: finish, stop_reason: null}],
        service_tier: null,
        system_fingerprint: null,
        usage: {prompt_tokens: usage.prompt_tokens, total_tokens: usage.total_tokens, completion_tokens: usage.completion_tokens, prompt_tokens_details: null},
        prompt_logprobs: null,
        kv_transfer_params: null,
      }
    }
    case 'lmstudio': {
      const message = {
        role: 'assistant',
        content: text,
        ...(reasoning ? {reasoning_content: reasoning} : {}),
        ...(hasCalls ? {tool_calls: reply.calls.map((call) => ({id: call.id, type: 'function', function: {name: call.name, arguments: call.arguments}}))} : {}),
      }
      return {id: reply.id, object: 'chat.completion', created: reply.created, model: reply.model, choices: [{index: 0, message, logprobs: null, finish_reason: finish}], usage, stats: {}, system_fingerprint: reply.model}
    }
    case 'koboldcpp': {
      const message = {
        role: 'assistant',
        content: text,
        ...(hasCalls ? {tool_calls: reply.calls.map((call) => ({id: call.id, type: 'function', function: {name: call.name, arguments: call.arguments}}))} : {}),
      }
      return {id: reply.id, object: 'chat.completion', created: reply.created, model: `koboldcpp/${reply.model}`, usage, choices: [{index: 0, message, finish_reason: finish, logprobs: null}]}
    }
    case 'openai': {
      const message = {
        role: 'assistant',
        content: text === '' && hasCalls ? null : text,
        refusal: null,
        annotations: [],
        ...(hasCalls ? {tool_calls: reply.calls.map((call) => ({id: call.id, type: 'function', function: {name: call.name, arguments: call.arguments}}))} : {}),
      }
      return {
        id: reply.id,
        object: 'chat.completion',
        created: reply.created,
        model: reply.model,
        choices: [{index: 0, message, logprobs: null, finish_reason: finish}],
        usage,
        service_tier: 'default',
        system_fingerprint: 'fp_5e10a7c9d2',
      }
    }
  }
}

/** `GET /v1/models` in the flavor's shape (WIRE.md §5: `owned_by` names the server). */
function modelList(models: WireServerOptions['models']): Record<string, unknown> {
  const flavor = models?.flavor ?? 'llamacpp'
  const ids = models?.ids ?? ['model']
  const created = 1795557054
  const nCtx = models?.contextLength ?? 8192
  const entry = (id: string): Record<string, unknown> => {
    switch (flavor) {
      case 'llamacpp':
        // contextLengths: a window per model (null: this entry says none), as a router serving several models does.
        if (models?.contextLengths && id in models.contextLengths) {
          const own = models.contextLengths[id]
          return {id, object: 'model', created, owned_by: 'llamacpp', meta: {vocab_type: 2, n_vocab: 151936, ...(own === null ? {} : {n_ctx: own})}}
        }
        return {id, object: 'model', created, owned_by: 'llamacpp', meta: {vocab_type: 2, n_vocab: 151936, n_ctx_train: 32768, n_embd: 3584, n_params: 7615616512, size: 4683073536, n_ctx: nCtx}}
      case 'ollama':
      case 'ollama-legacy':
        return {id, object: 'model', created, owned_by: 'library'}
      case 'vllm':
        return {id, object: 'model', created, owned_by: 'vllm', root: id, parent: null, max_model_len: nCtx, permission: []}
      case 'lmstudio':
        return {id, object: 'model', owned_by: 'organization_owner'}
      case 'koboldcpp':
        return {id: `koboldcpp/${id}`, object: 'model', created, owned_by: 'koboldcpp', permission: [], root: 'koboldcpp'}
      case 'openai':
        return {id, object: 'model', created, owned_by: 'system'}
    }
  }
  const isOllama = flavor === 'ollama' || flavor === 'ollama-legacy'
  return {object: 'list', data: ids.length === 0 && isOllama ? null : ids.map(entry)}
}
