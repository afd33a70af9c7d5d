import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'

import {probeHttp} from '../../../src/runtime/servers/probe-http.js'
import {closedPorts, startFakeServer, startSilentServer, type FakeServer} from '../../support/local-server-fixtures.js'

let plain: FakeServer
let silent: FakeServer
let closed: number

beforeAll(async () => {
  plain = await startFakeServer({'GET /v1/models': {json: {data: [{id: 'm'}]}}, 'POST /echo': (body) => ({status: 201, json: {got: body}})})
  silent = await startSilentServer()
  ;[closed] = await closedPorts(1)
})

afterAll(async () => {
  await Promise.all([plain.close(), silent.close()])
})

describe('probeHttp over http', () => {
  test('a GET gets the status, content type, text and JSON', async () => {
    const reply = await probeHttp(`http://127.0.0.1:${plain.port}/v1/models`, {timeoutMs: 2000})
    expect(reply).toEqual({outcome: 'answered', status: 200, contentType: 'application/json', text: '{"data":[{"id":"m"}]}', json: {data: [{id: 'm'}]}})
  })

  test('a POST sends its body as JSON', async () => {
    const reply = await probeHttp(`http://127.0.0.1:${plain.port}/echo`, {timeoutMs: 2000, method: 'POST', body: {model: 'm'}})
    expect(reply).toMatchObject({outcome: 'answered', status: 201, json: {got: {model: 'm'}}})
  })

  test('nothing listening is refused', async () => {
    expect(await probeHttp(`http://127.0.0.1:${closed}/v1/models`, {timeoutMs: 2000})).toMatchObject({outcome: 'refused'})
  })

  test('a server that never answers times out', async () => {
    expect(await probeHttp(`http://127.0.0.1:${silent.port}/`, {timeoutMs: 100})).toEqual({outcome: 'timeout', detail: 'no answer within 100 ms'})
  })

  test('an aborted signal rejects with its reason', async () => {
    const controller = new AbortController()
    const probe = probeHttp(`http://127.0.0.1:${silent.port}/`, {timeoutMs: 5000, signal: controller.signal})
    controller.abort(new Error('stopped'))
    await expect(probe).rejects.toThrow('stopped')
  })
})

describe('probeHttp over https', () => {
  test('nothing listening is refused, not a thrown "Protocol not supported"', async () => {
    expect(await probeHttp(`https://127.0.0.1:${closed}/v1/models`, {timeoutMs: 2000})).toMatchObject({outcome: 'refused'})
  })

  test('a plain-http server fails the TLS handshake: a failure, not a throw', async () => {
    const reply = await probeHttp(`https://127.0.0.1:${plain.port}/v1/models`, {timeoutMs: 2000})
    expect(reply.outcome).toBe('failed')
  })
})

describe('probeHttp with a URL it cannot use', () => {
  test.each([
    ['no URL at all', 'not a url'],
    ['an unclosed IPv6 host', 'http://[::1/v1/models'],
    ['another protocol', 'ftp://127.0.0.1/v1/models'],
    ['a file URL', 'file:///etc/passwd'],
  ])('%s: %s → failed', async (_name, url) => {
    const reply = await probeHttp(url, {timeoutMs: 500})
    expect(reply.outcome).toBe('failed')
    expect(reply).toHaveProperty('detail', expect.stringContaining(url === 'not a url' ? '"not a url"' : url))
  })
})
