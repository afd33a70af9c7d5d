import {afterEach} from '@jest/globals'

import {startWireServer, type WireServer, type WireServerOptions, type WireTurn} from './wire-server.js'

/** For a test file: `serve(turns)` starts a scripted server that is closed after the test that started it. */
export function useWireServers(): (turns: WireTurn[], options?: WireServerOptions) => Promise<WireServer> {
  const servers: WireServer[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()))
  })
  return async (turns, options) => {
    const server = await startWireServer(turns, options)
    servers.push(server)
    return server
  }
}

/**
 * How each server answers when its own tool-call parser fails on the model's output (WIRE.md §3), with the model's
 * partial call streamed first where the server streams it. `streamed` turns are SSE; the others are whole replies.
 */
export const TOOL_PARSE_FAILURES: ReadonlyArray<{server: string; turn: WireTurn}> = [
  {
    server: 'llama.cpp streamed (partial call, error event, no [DONE])',
    turn: {
      flavor: 'llamacpp',
      toolCalls: [{name: 'write_file', arguments: '{"path":', argumentPieces: ['{"path":']}],
      midStreamError: {code: 500, message: 'The model produced output that does not match the expected peg-native format', type: 'server_error'},
    },
  },
  {
    server: 'llama.cpp whole reply (HTTP 500)',
    turn: {status: 500, body: {error: {code: 500, message: 'The model produced output that does not match the expected peg-native format', type: 'server_error'}}},
  },
  {
    server: 'ollama /v1 (HTTP 500)',
    turn: {status: 500, body: {error: {message: "error parsing tool call: raw='{\"path\":\"a.txt\",\"content\":\"x\"}]', err=invalid character ']' after top-level value", type: 'api_error', param: null, code: null}}},
  },
  {
    server: 'ollama 0.11 streamed (the phrase as the key)',
    turn: {raw: `data: ${JSON.stringify({'error parsing tool call': "invalid character 'c' looking for beginning of value"})}\n\n`},
  },
  {
    server: 'vLLM tool parser (HTTP 500, a Python json error)',
    turn: {status: 500, body: {error: {message: 'Expecting value: line 1 column 1 (char 0)', type: 'InternalServerError', param: null, code: 500}}},
  },
]
