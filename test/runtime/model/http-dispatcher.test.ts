import {createServer, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo, Socket} from 'node:net'

import {afterEach, describe, expect, test} from '@jest/globals'

import {createDispatcher, type HttpAnswer} from '../../../src/runtime/model/http-dispatcher.js'

interface TestServer {
  url: string
  sockets: Socket[]
  closedSockets: () => number
  bodies: string[]
}

const servers: Server[] = []

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})

/** Answers each request with `answer`; records sockets and request bodies. */
async function serve(answer: (response: ServerResponse) => void): Promise<TestServer> {
  const sockets: Socket[] = []
  const bodies: string[] = []
  let closed = 0
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'))
      answer(response)
    })
  })
  server.on('connection', (socket: Socket) => {
    sockets.push(socket)
    socket.on('close', () => closed++)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {url: `http://127.0.0.1:${port}/v1/chat/completions`, sockets, closedSockets: () => closed, bodies}
}

async function readAll(answer: HttpAnswer): Promise<string> {
  const pieces: Uint8Array[] = []
  for await (const piece of answer.body) pieces.push(piece)
  return Buffer.concat(pieces).toString('utf8')
}

const post = (url: string, body: string, signal = new AbortController().signal) =>
  ({url, method: 'POST', headers: {'Content-Type': 'application/json'}, body: Buffer.from(body), signal}) as const

describe('the model client’s connection pool', () => {
  test('requests in a row share one connection, and each body arrives whole', async () => {
    const server = await serve((response) => response.end('ok'))
    const dispatcher = createDispatcher()
    for (const body of ['{"a":1}', '{"b":"ü✓"}', '{"c":[]}']) {
      const answer = await dispatcher.request(post(server.url, body))
      expect(answer.statusCode).toBe(200)
      expect(await readAll(answer)).toBe('ok')
    }
    expect(server.bodies).toEqual(['{"a":1}', '{"b":"ü✓"}', '{"c":[]}'])
    expect(server.sockets).toHaveLength(1)
    await dispatcher.close()
  })

  test('close() ends the idle connection at once', async () => {
    const server = await serve((response) => response.end('ok'))
    const dispatcher = createDispatcher()
    await readAll(await dispatcher.request(post(server.url, '{}')))
    expect(server.closedSockets()).toBe(0)
    const socketClosed = new Promise((resolve) => server.sockets[0]?.once('close', resolve))
    await dispatcher.close()
    await socketClosed // never settles (the test times out) if the socket stays open
    expect(server.closedSockets()).toBe(1)
  })

  test('an abort while the body streams ends the read with the signal’s reason', async () => {
    const server = await serve((response) => {
      response.writeHead(200, {'content-type': 'text/event-stream'})
      response.write('data: first\n\n') // and never more
    })
    const dispatcher = createDispatcher()
    const controller = new AbortController()
    const answer = await dispatcher.request(post(server.url, '{}', controller.signal))
    const reason = new Error('stop here')
    const reading = readAll(answer)
    setTimeout(() => controller.abort(reason), 20)
    await expect(reading).rejects.toBe(reason)
    await dispatcher.close()
  })

  test('an abort before the request is sent rejects with the reason and sends nothing', async () => {
    const server = await serve((response) => response.end('ok'))
    const dispatcher = createDispatcher()
    const controller = new AbortController()
    const reason = new Error('cancelled first')
    controller.abort(reason)
    await expect(dispatcher.request(post(server.url, '{}', controller.signal))).rejects.toBe(reason)
    expect(server.bodies).toEqual([])
    await dispatcher.close()
  })

  test('a refused connection rejects with the system error code', async () => {
    const server = await serve((response) => response.end('ok'))
    const url = server.url
    const [running] = servers.splice(0)
    await new Promise<void>((resolve) => running?.close(() => resolve()))
    const dispatcher = createDispatcher()
    await expect(dispatcher.request(post(url, '{}'))).rejects.toMatchObject({code: 'ECONNREFUSED'})
    await dispatcher.close()
  })
})
