/** What went wrong, why, and what to do: the model receives all three. */
export interface ToolErrorDetails {
  what: string
  why?: string
  hint?: string
}

// A plugin installed from npm brings its own copy of lillycoder (a peer dependency), so its ToolError is another
// class: the brand, shared through the global symbol registry, makes `instanceof` recognise either copy's errors.
const BRAND = Symbol.for('lillycoder.ToolError')

/** A tool failure the model can act on (file missing, ambiguous edit, …). Goes back as the tool result. */
export class ToolError extends Error {
  readonly [BRAND] = true
  readonly what: string
  readonly why?: string
  readonly hint?: string

  constructor(details: ToolErrorDetails) {
    super(formatToolError(details))
    this.name = 'ToolError'
    this.what = details.what
    this.why = details.why
    this.hint = details.hint
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
  }
}

export function formatToolError({what, why, hint}: ToolErrorDetails): string {
  const sentence = (text: string) => (/[.!?:]$/.test(text) ? text : `${text}.`)
  return [what, why && startSentence(why), hint && `Hint: ${hint}`]
    .filter((part): part is string => Boolean(part))
    .map(sentence)
    .join(' ')
}

// `why` follows a full stop, so its first word is capitalised — unless it is a name (read_file, src/app.ts).
function startSentence(text: string): string {
  return /^[a-z]+[ ,]/.test(text) ? text[0].toUpperCase() + text.slice(1) : text
}
