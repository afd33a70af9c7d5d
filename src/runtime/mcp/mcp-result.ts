import {isRecord} from '../text/is-record.js'

/**
 * A tools/call result as text for the model: text content passed through; images, audio and resources named,
 * never inlined (base64 would fill the context with noise). `isError` results read as an error.
 */
export function mcpResultText(result: unknown): {text: string; isError: boolean} {
  if (!isRecord(result)) return {text: '(the server returned no result object)', isError: true}
  const content = Array.isArray(result.content) ? result.content : []
  const parts = content.map(describeBlock)
  if (parts.length === 0 && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent))
  return {text: parts.join('\n') || '(no content)', isError: result.isError === true}
}

function describeBlock(block: unknown): string {
  if (!isRecord(block)) return '[content the client cannot read]'
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? block.text : ''
    case 'image':
    case 'audio':
      return `[${block.type}: ${String(block.mimeType ?? 'unknown type')}, ${base64Size(block.data)} — not shown to the model]`
    case 'resource': {
      const resource = isRecord(block.resource) ? block.resource : {}
      return `[resource: ${String(resource.uri ?? 'no uri')}${resource.mimeType ? `, ${String(resource.mimeType)}` : ''} — not shown to the model]`
    }
    case 'resource_link':
      return `[resource link: ${String(block.uri ?? 'no uri')}${block.name ? ` (${String(block.name)})` : ''}]`
    default:
      return `[${String(block.type)} content — not shown to the model]`
  }
}

function base64Size(data: unknown): string {
  if (typeof data !== 'string') return 'no data'
  const bytes = Math.floor((data.replace(/=+$/, '').length * 3) / 4)
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`
}
