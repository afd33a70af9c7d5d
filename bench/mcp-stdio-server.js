// The smallest useful stdio MCP server, for the MCP launch benchmark: the SDK's server side, one read-only tool.
import {Server} from '@modelcontextprotocol/sdk/server/index.js'
import {StdioServerTransport} from '@modelcontextprotocol/sdk/server/stdio.js'
import {CallToolRequestSchema, ListToolsRequestSchema} from '@modelcontextprotocol/sdk/types.js'

const server = new Server({name: 'bench-mcp', version: '1.0.0'}, {capabilities: {tools: {}}})
server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [{name: 'echo', description: 'Echo the text back.', inputSchema: {type: 'object', properties: {text: {type: 'string'}}, required: ['text']}, annotations: {readOnlyHint: true}}],
}))
server.setRequestHandler(CallToolRequestSchema, async (request) => ({content: [{type: 'text', text: String(request.params.arguments?.text ?? '')}]}))
await server.connect(new StdioServerTransport())
