// An instant llama.cpp-flavoured server for the agent-loop benchmark (WIRE.md §1): every chat request
// that holds fewer than `toolSteps` tool results gets a streamed `list_dir {}` call, the next a text answer.
// Deciding from the request alone (not a counter) lets any number of clients and runs share one server.
import http from 'node:http'

const MODEL_LIST = JSON.stringify({object: 'list', data: [{id: 'bench', object: 'model', owned_by: 'llamacpp', meta: {n_ctx: 131072}}]})

export async function startFakeLlamaServer({toolSteps}) {
  const seen = {chatRequests: 0, firstBody: undefined, firstToolResult: undefined, largestBodyBytes: 0}
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => answer(req, res, Buffer.concat(chunks), {toolSteps, seen}))
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const {port} = server.address()
  return {
    url: `http://127.0.0.1:${port}/v1`,
    seen,
    close: () => new Promise((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}

function answer(req, res, body, {toolSteps, seen}) {
  const url = req.url ?? ''
  if (req.method === 'GET' && url === '/v1/models') return send(res, 200, 'application/json', MODEL_LIST)
  if (req.method !== 'POST' || url !== '/v1/chat/completions') return send(res, 404, 'application/json', '{"error":{"code":404,"message":"File Not Found","type":"not_found_error"}}')
  const request = JSON.parse(body.toString('utf8'))
  seen.chatRequests++
  seen.firstBody ??= body.toString('utf8')
  seen.largestBodyBytes = Math.max(seen.largestBodyBytes, body.length)
  const toolResults = request.messages.filter((message) => message.role === 'tool')
  seen.firstToolResult ??= toolResults[0]?.content
  const step = toolResults.length
  const events = step < toolSteps ? toolCallEvents(step, request.model) : textEvents(request.model)
  send(res, 200, 'text/event-stream', events.map((event) => `data: ${event}\n\n`).join(''))
}

function send(res, status, contentType, text) {
  res.writeHead(status, {'content-type': contentType, 'content-length': Buffer.byteLength(text)})
  res.end(text)
}

/** Role chunk, the call's name, its `{}` arguments in two pieces, the finish chunk, `[DONE]`. */
function toolCallEvents(step, model) {
  const id = `benchcall${String(step).padStart(23, '0')}` // 32 letters/digits, as llama.cpp makes them
  return [
    chunk(model, {role: 'assistant', content: null}, null),
    chunk(model, {tool_calls: [{index: 0, id, type: 'function', function: {name: 'list_dir'}}]}, null),
    chunk(model, {tool_calls: [{index: 0, function: {arguments: '{'}}]}, null),
    chunk(model, {tool_calls: [{index: 0, function: {arguments: '}'}}]}, null),
    chunk(model, {}, 'tool_calls'),
    '[DONE]',
  ]
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
