import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

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
export const BUNDLED_PERSONAS_DIR = fileURLToPath(new URL('../../personas/', import.meta.url))

export async function loadPersona(name: string, dir = BUNDLED_PERSONAS_DIR): Promise<Persona> {
  const file = path.join(dir, `${path.basename(name)}.md`)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    const known = await listPersonaNames(dir)
    throw new Error(`no persona named "${name}"; the personas are: ${known.join(', ')}`)
  }
  return parsePersona(text, file)
}

export async function listPersonaNames(dir = BUNDLED_PERSONAS_DIR): Promise<string[]> {
  const entries = await readdir(dir)
  return entries.filter((entry) => entry.endsWith('.md')).map((entry) => entry.slice(0, -3)).sort()
}

/** A persona file is markdown with a small front matter block (name, emoji, description). */
export async function parsePersona(text: string, file: string): Promise<Persona> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text)
  const fallbackName = path.basename(file, '.md')
  if (!match) return {name: fallbackName, emoji: '🤖', description: '', prompt: text.trim(), file}
  const {load} = await import('js-yaml')
  const meta = (load(match[1]) ?? {}) as Record<string, unknown>
  const field = (key: string, fallback: string) => (typeof meta[key] === 'string' ? (meta[key] as string) : fallback)
  return {
    name: field('name', fallbackName),
    emoji: field('emoji', '🤖'),
    description: field('description', ''),
    prompt: text.slice(match[0].length).trim(),
    file,
  }
}
