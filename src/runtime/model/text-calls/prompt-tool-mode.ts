import type {ChatMessage} from '../messages.js'
import {formatToolCallsAsText} from './tool-prompt.js'

/**
 * The conversation for a server that refused the `tools` field: the tools are described in the system
 * prompt, past calls are written back as `<tool_call>` text and their results as user messages.
 */
export function toPromptToolMode(messages: readonly ChatMessage[], toolSection: string): ChatMessage[] {
  const out: ChatMessage[] = []
  const pushUser = (content: string) => {
    const last = out.at(-1)
    if (last?.role === 'user') last.content += `\n\n${content}`
    else out.push({role: 'user', content})
  }
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        out.push({role: 'system', content: `${message.content}\n\n${toolSection}`})
        break
      case 'assistant': {
        const calls = message.toolCalls ? formatToolCallsAsText(message.toolCalls) : ''
        out.push({role: 'assistant', content: [message.content, calls].filter(Boolean).join('\n')})
        break
      }
      case 'tool':
        pushUser(`<tool_response name="${message.name}">\n${message.content}\n</tool_response>`)
        break
      case 'user':
        pushUser(message.content)
        break
    }
  }
  return out
}
