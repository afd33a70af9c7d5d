import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {describe, expect, test} from '@jest/globals'

import {staticGraph} from '../support/module-graph.js'

// What `lillycoder chat` and `run` load before their first request: every module costs its read, compile and link
// on each start, so what only some sessions use (MCP servers) is imported when a session turns out to use it.

const SRC = fileURLToPath(new URL('../../src', import.meta.url))
const inRoom = (room: string) => (file: string) => file.startsWith(path.join(SRC, room) + path.sep)

describe('modules loaded at start-up', () => {
  test.each([['commands/chat.ts'], ['commands/run.ts']])('%s loads no MCP client module up front (only the config reader /mcp uses)', (entry) => {
    const graph = [...staticGraph(path.join(SRC, entry))]
    expect(graph.length).toBeGreaterThan(50)
    const mcp = graph.filter(inRoom('runtime/mcp')).map((file) => path.relative(SRC, file))
    expect(mcp.filter((file) => file !== 'runtime/mcp/mcp-server-config.ts')).toEqual([])
    expect(graph).not.toContain('@modelcontextprotocol/sdk')
  })
})
