/**
 * A small real MCP server for the tests, on the SDK's own server side: run as a program it speaks stdio
 * (`node --import tsx test/support/mcp-test-server.ts`); `startHttpMcpServer` serves the same tools over
 * streamable HTTP on 127.0.0.1. Its tools cover what the client must handle: a read-only tool, a mutating one,
 * an image result, a broken schema, a slow call, a crash. MCP_TEST_EXTRA_TOOLS=N adds N more (a huge list);
 * MCP_TEST_START_DELAY_MS delays its start.
 */
import {readFile, writeFile} from 'node:fs/promises'
import {createServer, type Server as HttpServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {Server} from '@modelcontextprotocol/sdk/server/index.js'
import {StdioServerTransport} from '@modelcontextprotocol/sdk/server/stdio.js'
import {StreamableHTTPServerTransport} from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import {CallToolRequestSchema, ListToolsRequestSchema} from '@modelcontextprotocol/sdk/types.js'

const pathSchema = {type: 'object', properties: {path: {type: 'string', description: 'File in the workspace'}}, required: ['path'], additionalProperties: false}

function toolList(extra: number): unknown[] {
  return [
    {name: 'read_note', description: 'Read a note file.', inputSchema: pathSchema, annotations: {readOnlyHint: true}},
    {
      name: 'write_note',
      description: 'Write a note file.',
      inputSchema: {type: 'object', properties: {path: {type: 'string'}, text: {type: 'string'}}, required: ['path', 'text']},
    },
    {name: 'picture', description: 'A picture of the note.', inputSchema: {type: 'object', properties: {}}, annotations: {readOnlyHint: true}},
    {name: 'broken', description: 'Has a schema that is not an object schema.', inputSchema: {type: 'array'}},
    {name: 'slow', description: 'Takes a minute.', inputSchema: {type: 'object', properties: {}}, annotations: {readOnlyHint: true}},
    {name: 'crash', description: 'Ends the server process.', inputSchema: {type: 'object', properties: {}}, annotations: {readOnlyHint: true}},
    ...Array.from({length: extra}, (_, index) => ({name: `extra_${index}`, description: `Extra tool ${index}.`, inputSchema: {type: 'object', properties: {}}})),
  ]
}

/** The server with its tools; `workspace` is where read_note and write_note read and write. */
export function createTestMcpServer(workspace: string, extraTools = 0): Server {
  const server = new Server({name: 'lilly-test-mcp', version: '1.0.0'}, {capabilities: {tools: {}}})
  // The SDK's list result schema would refuse the broken tool; a raw handler sends it as a careless server would.
  server.setRequestHandler(ListToolsRequestSchema, async () => ({tools: toolList(extraTools)}) as never)
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const args = (request.params.arguments ?? {}) as Record<string, string>
    switch (request.params.name) {
      case 'read_note':
        return {content: [{type: 'text', text: `note ${args.path}: ${await readFile(path.join(workspace, args.path), 'utf8')}`}]}
      case 'write_note':
        await writeFile(path.join(workspace, args.path), args.text)
        return {content: [{type: 'text', text: `wrote ${args.path}`}]}
      case 'picture':
        return {content: [{type: 'text', text: 'here it is'}, {type: 'image', mimeType: 'image/png', data: Buffer.alloc(2048).toString('base64')}]}
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, 60_000))
        return {content: [{type: 'text', text: 'finally'}]}
      case 'crash':
        return process.exit(3)
      default:
        return {isError: true, content: [{type: 'text', text: `no tool ${request.params.name}`}]}
    }
  })
  return server
}

/** The same tools over streamable HTTP (stateless: a server per request), in this process. */
export async function startHttpMcpServer(workspace: string): Promise<{url: string; close(): Promise<void>}> {
  const http: HttpServer = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405).end()
      return
    }
    const server = createTestMcpServer(workspace)
    const transport = new StreamableHTTPServerTransport({sessionIdGenerator: undefined})
    res.on('close', () => {
      void transport.close()
      void server.close()
    })
    server
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch(() => res.writeHead(500).end())
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const {port} = http.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections()
        http.close(() => resolve())
      }),
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // A slow start (an `npx -y` download, a JVM): MCP_TEST_START_DELAY_MS before it answers anything.
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.MCP_TEST_START_DELAY_MS ?? 0)))
  const server = createTestMcpServer(process.cwd(), Number(process.env.MCP_TEST_EXTRA_TOOLS ?? 0))
  await server.connect(new StdioServerTransport())
}
