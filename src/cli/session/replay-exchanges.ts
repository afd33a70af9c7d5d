import type {ChatMessage} from '../../runtime/model/messages.js'

// Enough to see where the conversation was, not so much that a long session floods the screen.
const EXCHANGES = 3
const MAX_LINES_PER_MESSAGE = 6

/**
 * The last few exchanges of a resumed conversation, as lines to show dimmed before the prompt: the person's
 * messages after `›`, replies as they were, tool calls as one line each. Tool results are left out (long, and
 * the model's business).
 */
export function replayExchanges(messages: readonly ChatMessage[], exchanges = EXCHANGES): string[] {
  const starts = messages.flatMap((message, index) => (message.role === 'user' ? [index] : []))
  const from = starts.length > exchanges ? starts[starts.length - exchanges] : 0
  return messages.slice(from).flatMap((message): string[] => {
    switch (message.role) {
      case 'user':
        return clip(message.content).map((line, index) => `${index === 0 ? '›' : ' '} ${line}`)
      case 'assistant':
        return [...clip(message.content), ...(message.toolCalls ?? []).map((call) => `· ${call.name} ${clipOne(call.arguments, 80)}`)]
      default:
        return []
    }
  })
}

function clip(text: string): string[] {
  const lines = text.trim().split('\n')
  if (lines.length === 1 && lines[0] === '') return []
  return lines.length > MAX_LINES_PER_MESSAGE ? [...lines.slice(0, MAX_LINES_PER_MESSAGE - 1), `… (${lines.length - MAX_LINES_PER_MESSAGE + 1} more lines)`] : lines
}

function clipOne(text: string, max: number): string {
  const line = text.replaceAll('\n', ' ')
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}
