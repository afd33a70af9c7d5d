/** One line naming a call for the transcript, e.g. `bash $ npm test` or `read_file src/app.ts`. */
export function formatCallLine(name: string, args: unknown, max = 120): string {
  const record = args && typeof args === 'object' ? (args as Record<string, unknown>) : undefined
  let line: string
  if (typeof record?.command === 'string') line = `${name} $ ${record.command.split('\n')[0]}${record.command.includes('\n') ? ' …' : ''}`
  else if (typeof record?.path === 'string' && Object.keys(record).length === 1) line = `${name} ${record.path}`
  else line = `${name} ${typeof args === 'string' ? args : JSON.stringify(args)}`
  return clipLine(line, max)
}

/** The first line of a tool result, for the transcript. */
export function formatResultLine(text: string, max = 120): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  const more = lines.length > 1 ? ` (+${lines.length - 1} lines)` : ''
  return clipLine(lines[0] ?? '(empty)', max - more.length) + more
}

export function clipLine(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text
}
