import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {errorCode} from '../files/file-system-error.js'

export interface Persona {
  name: string
  emoji: string
  description: string
  /** The persona's system prompt. */
  prompt: string
  file: string
}

export const DEFAULT_PERSONA = 'lilly'

/** The personas that ship with lillycoder: `personas/*.md` at the package root (same place from src/ and dist/). */
export const BUNDLED_PERSONAS_DIR = fileURLToPath(new URL('../../../personas/', import.meta.url))

export async function loadPersona(name: string, dir = BUNDLED_PERSONAS_DIR): Promise<Persona> {
  const file = path.join(dir, `${path.basename(name)}.md`)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error
    const known = await listPersonaNames(dir)
    throw new Error(`no persona named "${name}"; the personas are: ${known.join(', ')}`)
  }
  return parsePersona(text, file)
}

export async function listPersonaNames(dir = BUNDLED_PERSONAS_DIR): Promise<string[]> {
  const entries = await readdir(dir)
  return entries.filter((entry) => entry.endsWith('.md')).map((entry) => entry.slice(0, -3)).sort()
}

/** A persona file is markdown with a small front matter block (name, emoji, description); see readFrontMatter. */
export function parsePersona(text: string, file: string): Persona {
  const fallbackName = path.basename(file, '.md')
  const front = readFrontMatter(text, file)
  const fields = front?.fields ?? {}
  return {
    name: fields.name ?? fallbackName,
    emoji: fields.emoji ?? '🤖',
    description: fields.description ?? '',
    prompt: (front?.body ?? text).trim(),
    file,
  }
}

export interface FrontMatter {
  fields: Record<string, string>
  /** The text after the closing `---`. */
  body: string
}

/**
 * The front matter of a persona file, or undefined when the text has none. Personas are our own files,
 * so this reads only what they use — not YAML: between a first line `---` and the next line `---`, one
 * `key: value` per line, the value optionally in matching single or double quotes (taken as is, no
 * escapes); blank lines and lines starting with `#` are skipped. Any other line is an error naming
 * `file` and the line, so a typo is not silently a missing field.
 */
export function readFrontMatter(text: string, file: string): FrontMatter | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n?^---[ \t]*(?:\r?\n|$)/m.exec(text)
  if (!match || match.index !== 0) return undefined
  const fields: Record<string, string> = Object.create(null)
  match[1].split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return
    const field = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$/.exec(line)
    if (!field) throw new Error(`${file}: line ${index + 2} of the front matter is not "key: value": ${line}`)
    fields[field[1]] = unquote(field[2])
  })
  return {fields, body: text.slice(match[0].length)}
}

function unquote(value: string): string {
  const quote = value[0]
  return value.length >= 2 && (quote === '"' || quote === "'") && value.endsWith(quote) ? value.slice(1, -1) : value
}
