// An instant llama.cpp-flavoured server for the agent-loop benchmark (WIRE.md §1). The first chat request of a
// conversation (no tool results yet) gets `fill` parallel `list_dir {}` calls (or `toolName`), which fills the history to the
// length under test in one step; every later request that holds fewer than `fill + toolSteps` tool results gets
// one streamed `list_dir {}` call, the next a text answer. Deciding from the request alone (not a counter) lets
// any number of clients and runs share one server. It records each chat request's body and arrival time, so the
// baseline can replay exactly what the CLI sent and both sides are timed by the same clock.
import http from 'node:http'
import {performance} from 'node:perf_hooks'

const MODEL_LIST = JSON.stringify({object: 'list', data: [{id: 'bench', object: 'model', owned_by: 'llamacpp', meta: {n_ctx: 131072}}]})

export async function startFakeLlamaServer({toolSteps, fill = 0, toolName = 'list_dir'}) {
  const seen = {chatRequests: 0, firstBody: undefined, firstToolResult: undefined, largestBodyBytes: 0, log: []}
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => answer(req, res, Buffer.concat(chunks), {toolSteps, fill, toolName, seen}))
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const {port} = server.address()
  return {
    url: `http://127.0.0.1:${port}/v1`,
    seen,
    /** Forget the recorded requests (keeps the counters). */
    clearLog: () => {
      seen.log = []
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function answer(req, res, body, {toolSteps, fill, toolName, seen}) {
  const arrivedMs = performance.now()
  const url = req.url ?? ''
  if (req.method === 'GET' && url === '/v1/models') return send(res, 200, 'application/json', MODEL_LIST)
  if (req.method !== 'POST' || url !== '/v1/chat/completions') return send(res, 404, 'application/json', '{"error":{"code":404,"message":"File Not Found","type":"not_found_error"}}')
  const text = body.toString('utf8')
  const request = JSON.parse(text)
  seen.chatRequests++
  seen.firstBody ??= text
  seen.largestBodyBytes = Math.max(seen.largestBodyBytes, body.length)
  const toolResults = request.messages.filter((message) => message.role === 'tool')
  seen.firstToolResult ??= toolResults[0]?.content
  seen.log.push({arrivedMs, body: text, messages: request.messages.length})
  const step = toolResults.length
  const events =
    step === 0 && fill > 0
      ? toolCallEvents(Array.from({length: fill}, (_, i) => i), request.model, toolName)
      : step < fill + toolSteps
        ? toolCallEvents([step], request.model, toolName)
        : textEvents(request.model)
  send(res, 200, 'text/event-stream', events.map((event) => `data: ${event}\n\n`).join(''))
}

function send(res, status, contentType, text) {
  res.writeHead(status, {'content-type': contentType, 'content-length': Buffer.byteLength(text)})
  res.end(text)
}

/** Role chunk, then per call its name and its `{}` arguments in two pieces, the finish chunk, `[DONE]`. */
function toolCallEvents(steps, model, toolName) {
  const calls = steps.flatMap((step, index) => {
    const id = callId(step)
    return [
      chunk(model, {tool_calls: [{index, id, type: 'function', function: {name: toolName}}]}, null),
      // A tool that does not exist gets a different argument each time: the loop stops repeated failing calls.
      chunk(model, {tool_calls: [{index, function: {arguments: toolName === 'list_dir' ? '{' : '{"n":'}}]}, null),
      chunk(model, {tool_calls: [{index, function: {arguments: toolName === 'list_dir' ? '}' : `${step}}`}}]}, null),
    ]
  })
  return [chunk(model, {role: 'assistant', content: null}, null), ...calls, chunk(model, {}, 'tool_calls'), '[DONE]']
}

/** 32 letters/digits, as llama.cpp makes them. */
export function callId(step) {
  return `benchcall${String(step).padStart(23, '0')}`
}

function textEvents(model) {
  return [chunk(model, {role: 'assistant', content: null}, null), chunk(model, {content: 'Done.'}, null), chunk(model, {}, 'stop'), '[DONE]']
}

function chunk(model, delta, finishReason) {
  return JSON.stringify({
    choices: [{finish_reason: finishReason, index: 0, delta}],
    created: 1795557054,
    id: 'chatcmpl-benchbenchbenchbenchbenchbench',
    model,
    system_fingerprint: 'b8900-bench',
    object: 'chat.completion.chunk',
  })
}
