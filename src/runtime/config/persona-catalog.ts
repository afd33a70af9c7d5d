import {readdir, readFile, rm} from 'node:fs/promises'
import path from 'node:path'

import {writeFileAtomic} from '../files/atomic-write.js'
import {errorCode} from '../files/file-system-error.js'
import {BUNDLED_PERSONAS_DIR, parsePersona, type Persona, readFrontMatter} from './personas.js'
import {xdgPaths} from './xdg-paths.js'

/** bundled: ships with lillycoder; user: only in the user dir; shadowed: a user file that hides a bundled one of its name. */
export type PersonaOrigin = 'bundled' | 'user' | 'shadowed'

export interface PersonaDirs {
  bundled: string
  /** `$XDG_CONFIG_HOME/lillycoder/personas`: the only place personas are written. */
  user: string
}

/** A persona as found on disk: its name is its file name, whatever its front matter says. */
export interface CatalogPersona extends Persona {
  origin: PersonaOrigin
}

export interface PersonaListing {
  name: string
  origin: PersonaOrigin
  emoji: string
  description: string
  file: string
  /** Why the file could not be read (a bad front matter line); the persona is still listed so it can be fixed. */
  problem?: string
}

/** A persona the user or the model asked for that is not there, or cannot be changed the way asked. */
export class PersonaError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PersonaError'
  }
}

const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/

export function personaDirs(env: NodeJS.ProcessEnv = process.env): PersonaDirs {
  return {bundled: BUNDLED_PERSONAS_DIR, user: path.join(xdgPaths(env).config, 'personas')}
}

/** Why a name cannot be a persona file name, or undefined when it can. */
export function personaNameProblem(name: string): string | undefined {
  if (NAME_PATTERN.test(name)) return undefined
  return `"${name}" is not a usable persona name: use lowercase letters, digits, - and _ (at most 64), starting with a letter or digit`
}

/**
 * The personas of both places, user files first: a user file shadows the bundled one of the same name.
 * Writes go only to the user dir; a bundled file is never changed or removed.
 */
export class PersonaCatalog {
  constructor(readonly dirs: PersonaDirs = personaDirs()) {}

  async list(): Promise<PersonaListing[]> {
    const [bundled, user] = await Promise.all([namesIn(this.dirs.bundled), namesIn(this.dirs.user)])
    const names = [...new Set([...bundled, ...user])].sort()
    return Promise.all(
      names.map(async (name): Promise<PersonaListing> => {
        const origin = originOf(user.includes(name), bundled.includes(name))
        const file = path.join(origin === 'bundled' ? this.dirs.bundled : this.dirs.user, `${name}.md`)
        try {
          const persona = await this.read(file, name)
          return {name, origin, emoji: persona.emoji, description: persona.description, file}
        } catch (error) {
          return {name, origin, emoji: '?', description: '', file, problem: (error as Error).message}
        }
      }),
    )
  }

  async names(): Promise<string[]> {
    return (await this.list()).map((persona) => persona.name)
  }

  /** The persona of that name (the user's file when there is one); an unknown name lists the ones there are. */
  async load(name: string): Promise<CatalogPersona> {
    const found = (await this.find(name)) ?? (await this.notFound(name))
    return {...(await this.read(found.file, name)), origin: found.origin}
  }

  /** The bundled persona of that name, shadowed or not; undefined when none ships. */
  async loadBundled(name: string): Promise<Persona | undefined> {
    if (personaNameProblem(name)) return undefined
    const file = path.join(this.dirs.bundled, `${name}.md`)
    return (await exists(file)) ? this.read(file, name) : undefined
  }

  /** The text of a user persona file, or undefined when there is none. */
  async userText(name: string): Promise<string | undefined> {
    return readIfThere(this.userFile(name))
  }

  /** Where a user persona of that name lives (written or not); throws on a name no file may have. */
  userFile(name: string): string {
    const problem = personaNameProblem(name)
    if (problem) throw new PersonaError(problem)
    return path.join(this.dirs.user, `${name}.md`)
  }

  /** Writes a user persona file. Refuses to replace an existing user persona unless `overwrite`. */
  async write(name: string, text: string, options: {overwrite?: boolean} = {}): Promise<string> {
    const file = this.userFile(name)
    if (!options.overwrite && (await exists(file))) throw new PersonaError(`a user persona named "${name}" exists already (${file}); remove it first or pick another name`)
    readFrontMatter(text, file) // a bad front matter line is refused now, not when the persona is next loaded
    await writeFileAtomic(file, text.endsWith('\n') ? text : `${text}\n`)
    return file
  }

  /** A new user persona with the text of `source` (bundled or user). */
  async copy(source: string, target: string): Promise<string> {
    const found = (await this.find(source)) ?? (await this.notFound(source))
    const text = await readFile(found.file, 'utf8')
    return this.write(target, withName(text, target))
  }

  /** Deletes a user persona; a bundled one cannot be removed. Returns what is left under that name, if anything. */
  async remove(name: string): Promise<'bundled-again' | 'gone'> {
    const file = this.userFile(name)
    if (!(await exists(file))) {
      const bundled = await exists(path.join(this.dirs.bundled, `${name}.md`))
      throw new PersonaError(bundled ? `"${name}" is a bundled persona; only user personas can be removed` : await this.unknownMessage(name))
    }
    await rm(file)
    return (await exists(path.join(this.dirs.bundled, `${name}.md`))) ? 'bundled-again' : 'gone'
  }

  /** One line: the unknown name and every name there is. */
  async unknownMessage(name: string): Promise<string> {
    return `no persona named "${name}"; the personas are: ${(await this.names()).join(', ')}`
  }

  private async find(name: string): Promise<{file: string; origin: PersonaOrigin} | undefined> {
    if (personaNameProblem(name)) return undefined
    const user = path.join(this.dirs.user, `${name}.md`)
    const bundled = path.join(this.dirs.bundled, `${name}.md`)
    const [inUser, inBundled] = await Promise.all([exists(user), exists(bundled)])
    if (!inUser && !inBundled) return undefined
    return {file: inUser ? user : bundled, origin: originOf(inUser, inBundled)}
  }

  private async notFound(name: string): Promise<never> {
    throw new PersonaError(await this.unknownMessage(name))
  }

  private async read(file: string, name: string): Promise<Persona> {
    return {...parsePersona(await readFile(file, 'utf8'), file), name}
  }
}

/** A persona file's text with its front matter `name:` set to `name` (added when missing). */
export function withName(text: string, name: string): string {
  const front = readFrontMatter(text, `${name}.md`)
  if (!front) return `---\nname: ${name}\n---\n${text}`
  const fields = Object.entries({...front.fields, name}).map(([key, value]) => `${key}: ${value}`)
  return `---\n${fields.join('\n')}\n---\n${front.body}`
}

function originOf(inUser: boolean, inBundled: boolean): PersonaOrigin {
  if (!inUser) return 'bundled'
  return inBundled ? 'shadowed' : 'user'
}

async function namesIn(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir)
    return entries.filter((entry) => entry.endsWith('.md') && !personaNameProblem(entry.slice(0, -3))).map((entry) => entry.slice(0, -3))
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return []
    throw error
  }
}

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
}

async function exists(file: string): Promise<boolean> {
  return (await readIfThere(file)) !== undefined
}
