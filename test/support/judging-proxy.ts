/**
 * Sits between lillycoder and a real llama-server. Every chat request is first judged by the real server: its
 * template renders it (`/apply-template`, a refusal is a failed judgement) and its tokenizer counts it
 * (`/tokenize`), against the window it allocated. Then the turn's reply: a scripted one in llama.cpp's own
 * shape (what random weights cannot write: a tool call), or the real server's own stream.
 */
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

import {normaliseReply, renderStream, renderWholeReply, type ReplyTurn} from './wire-server.js'

/** What the real server thought of one request lillycoder sent. */
export interface Judgement {
  /** The template rendered it. */
  accepted: boolean
  /** Why not, in the server's words. */
  refusal?: string
  /** The prompt's length by the server's tokenizer. */
  promptTokens: number
  maxTokens?: number
  /** promptTokens + max_tokens within the window. */
  fits: boolean
  hadTools: boolean
  body: Record<string, unknown>
}

export type ProxyTurn =
  /** A scripted reply in llama.cpp's shape (tool calls, text). */
  | {script: Omit<ReplyTurn, 'flavor'>}
  /** The real server's reply, without `tools`, held to this GBNF grammar: known words from real weights. */
  | {realWords: string; paceMs?: number}
  /** The real server's reply to the request with an assistant message that opens a call: its parser fails. */
  | {realParseFailure: true}

export interface JudgingProxy {
  /** `http://127.0.0.1:PORT/v1` for lillycoder's --api. */
  url: string
  port: number
  judgements: Judgement[]
  /** The real server's own answers to the requests forwarded to it, as they came (status and body). */
  forwarded: Array<{status: number; text: string}>
  close(): Promise<void>
}

/** Opens a call the way the Qwen2.5 template writes one, cut short: the server's parser cannot finish it. */
const OPENED_CALL = '<tool_call>\n{"name": "list_dir", "arguments": {"path": '

export async function startJudgingProxy(realRoot: string, contextTokens: number, turns: ProxyTurn[]): Promise<JudgingProxy> {
  const judgements: Judgement[] = []
  const forwarded: JudgingProxy['forwarded'] = []
  let next = 0
  const server = createServer((req, res) => {
    void readBody(req).then(async (text) => {
      const path = (req.url ?? '/').split('?')[0]
      if (req.method !== 'POST' || path !== '/v1/chat/completions') return pass(realRoot, req, text, res)
      const body = JSON.parse(text) as Record<string, unknown>
      const judgement = await judge(realRoot, contextTokens, body)
      judgements.push(judgement)
      const turn = turns[next++]
      if (!turn) return sendJson(res, 500, {error: {code: 500, message: `judging proxy: no turn ${next} scripted`, type: 'server_error'}})
      // A scripted reply reports the real server's count of the prompt, as the real server's own reply would.
      const usage = {promptTokens: judgement.promptTokens, completionTokens: 20}
      if ('script' in turn) return sendScripted({flavor: 'llamacpp', usage, ...turn.script}, body, res)
      const real = 'realWords' in turn ? wordsRequest(body, turn.realWords) : parseFailureRequest(body)
      return forward(realRoot, real, res, forwarded, 'realWords' in turn ? (turn.paceMs ?? 0) : 0)
    }).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 502, {error: {code: 502, message: `judging proxy: ${String(error)}`, type: 'server_error'}})
      else res.destroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    judgements,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function judge(realRoot: string, contextTokens: number, body: Record<string, unknown>): Promise<Judgement> {
  const tools = Array.isArray(body.tools) && body.tools.length > 0 ? body.tools : undefined
  const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : undefined
  const rendered = await postJson(realRoot, '/apply-template', {messages: body.messages, ...(tools ? {tools} : {})})
  const base = {maxTokens, hadTools: tools !== undefined, body}
  if (rendered.status !== 200 || typeof rendered.json?.prompt !== 'string') {
    return {...base, accepted: false, refusal: rendered.text, promptTokens: 0, fits: false}
  }
  const counted = await postJson(realRoot, '/tokenize', {content: rendered.json.prompt})
  const promptTokens = Array.isArray(counted.json?.tokens) ? counted.json.tokens.length : Number.NaN
  return {...base, accepted: true, promptTokens, fits: promptTokens + (maxTokens ?? 0) <= contextTokens}
}

/** The request without tools, held to a grammar that writes exactly these words. */
function wordsRequest(body: Record<string, unknown>, words: string): Record<string, unknown> {
  const {tools: _tools, tool_choice: _choice, parallel_tool_calls: _parallel, ...rest} = body
  return {...rest, grammar: `root ::= ${JSON.stringify(words)}`}
}

/** The request as sent, plus an assistant message that opens a tool call the model will not finish well. */
function parseFailureRequest(body: Record<string, unknown>): Record<string, unknown> {
  const messages = Array.isArray(body.messages) ? body.messages : []
  return {...body, max_tokens: 16, messages: [...messages, {role: 'assistant', content: OPENED_CALL}]}
}

function sendScripted(turn: ReplyTurn, body: Record<string, unknown>, res: ServerResponse): void {
  const reply = normaliseReply(turn, typeof body.model === 'string' ? body.model : 'model')
  if (body.stream !== true) return sendJson(res, 200, renderWholeReply(reply))
  const includeUsage = typeof body.stream_options === 'object' && body.stream_options !== null
  res.writeHead(200, {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache'})
  for (const event of renderStream(reply, {includeUsage})) res.write(event)
  res.end()
}

/** Sends the request to the real server and streams its answer back, chunk by chunk (paced, when asked). */
async function forward(realRoot: string, body: Record<string, unknown>, res: ServerResponse, log: JudgingProxy['forwarded'], paceMs: number): Promise<void> {
  const upstream = new AbortController()
  // lillycoder hung up (Ctrl-C): the real server sees its client go, as it would without the proxy.
  res.on('close', () => upstream.abort())
  const response = await fetch(`${realRoot}/v1/chat/completions`, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body), signal: upstream.signal})
  res.writeHead(response.status, {'Content-Type': response.headers.get('content-type') ?? 'application/json'})
  let text = ''
  try {
    for await (const chunk of response.body ?? []) {
      const piece = Buffer.from(chunk as Uint8Array)
      text += piece.toString('utf8')
      res.write(piece)
      if (paceMs > 0) await new Promise((resolve) => setTimeout(resolve, paceMs))
    }
  } catch (error) {
    if (!upstream.signal.aborted) throw error
  } finally {
    log.push({status: response.status, text})
    res.end()
  }
}

/** Anything but chat (/v1/models, /props, /health) goes to the real server as it is. */
async function pass(realRoot: string, req: IncomingMessage, text: string, res: ServerResponse): Promise<void> {
  const response = await fetch(`${realRoot}${req.url ?? '/'}`, {
    method: req.method,
    headers: {'Content-Type': 'application/json'},
    ...(req.method === 'GET' || req.method === 'HEAD' ? {} : {body: text}),
  })
  res.writeHead(response.status, {'Content-Type': response.headers.get('content-type') ?? 'application/json'})
  res.end(Buffer.from(await response.arrayBuffer()))
}

async function postJson(root: string, path: string, body: unknown): Promise<{status: number; text: string; json?: Record<string, unknown>}> {
  const response = await fetch(`${root}${path}`, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)})
  const text = await response.text()
  try {
    return {status: response.status, text, json: JSON.parse(text) as Record<string, unknown>}
  } catch {
    return {status: response.status, text}
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, {'Content-Type': 'application/json; charset=utf-8'})
  res.end(JSON.stringify(value))
}
