import {readFile} from 'node:fs/promises'
import path from 'node:path'

import type {PersonaSwitcher} from '../../runtime/agent/persona-switcher.js'
import {personaFileText} from '../../runtime/agent/persona-switcher.js'
import {withName} from '../../runtime/config/persona-catalog.js'
import {readFrontMatter} from '../../runtime/config/personas.js'
import {errorText} from '../../runtime/text/error-text.js'
import type {Colors} from './colors.js'

export interface PersonaCommandsOptions {
  personas: PersonaSwitcher
  workspace: string
  out: NodeJS.WriteStream
  colors: Colors
}

export const PERSONA_HELP = `/persona [name]     the active persona and where it came from, or switch to another (the conversation stays)
/persona add N T    add a user persona N from text T, or from a file: add N -f FILE
/persona copy A B   copy persona A to a new user persona B; /persona remove N deletes a user persona
/persona diff N     your user persona N against the bundled one it shadows or evolved from
/persona evolve on|off  the model's persona rewrites (update_persona) persist across runs`

/** The name and emoji the gate speaks with: the active persona's once the session exists, so a switch changes it too. */
export function activeVoice(initial: {name: string; emoji: string}, switcher: () => PersonaSwitcher | undefined): {name: string; emoji: string} {
  return {
    get name() {
      return switcher()?.active().name ?? initial.name
    },
    get emoji() {
      return switcher()?.active().emoji ?? initial.emoji
    },
  }
}

/** `/persona …` in the REPL: show, switch, add, copy, remove, diff, evolve. Every failure is one line. */
export class PersonaCommands {
  constructor(private readonly options: PersonaCommandsOptions) {}

  async handle(args: string[]): Promise<void> {
    try {
      await this.run(args)
    } catch (error) {
      this.warn(errorText(error))
    }
  }

  private async run(args: string[]): Promise<void> {
    const [sub, ...rest] = args
    switch (sub) {
      case undefined:
        return this.show()
      case 'add':
        return this.add(rest)
      case 'copy':
        return this.copy(rest)
      case 'remove':
        return this.remove(rest)
      case 'diff':
        return this.diff(rest)
      case 'evolve':
        return this.evolve(rest)
      default:
        if (rest.length > 0) return this.warn(`/persona takes one name; /help lists the forms`)
        return this.switchTo(sub)
    }
  }

  private show(): void {
    const {personas, colors} = this.options
    const active = personas.active()
    const changed = personas.changedThisSession() ? ', rewritten this session' : ''
    this.say(`${active.emoji} ${colors.bold(active.name)} (${active.origin}${changed}) ${colors.dim(active.file)}`)
    this.say(colors.dim(`evolve is ${personas.evolve ? 'on' : 'off'}; /persona <name> switches`))
  }

  private async switchTo(name: string): Promise<void> {
    const switched = await this.options.personas.switchTo(name)
    const {persona} = switched
    const remembered = switched.rememberedIn ? `remembered as the default in ${switched.rememberedIn}` : `not remembered: ${switched.rememberProblem}`
    this.say(`${persona.emoji} now ${this.options.colors.bold(persona.name)} (${persona.origin}); the conversation is kept; ${remembered}`)
  }

  private async add(args: string[]): Promise<void> {
    const [name, ...rest] = args
    if (!name || rest.length === 0) return this.warn('usage: /persona add <name> <text>, or /persona add <name> -f <file>')
    let text: string
    if (rest[0] === '-f') {
      if (rest.length !== 2) return this.warn('usage: /persona add <name> -f <file>')
      const file = path.resolve(this.options.workspace, rest[1])
      text = await readFile(file, 'utf8').catch((error: unknown) => {
        throw new Error(`cannot read ${rest[1]}: ${errorText(error)}`)
      })
      if (text.trim() === '') return this.warn(`${rest[1]} is empty; a persona needs some text`)
    } else text = rest.join(' ')
    const content = readFrontMatter(text, name) ? withName(text, name) : personaFileText({emoji: '✎', description: 'added with /persona add'}, name, text)
    const file = await this.options.personas.catalog.write(name, content)
    this.say(`added persona ${name} (${file}); /persona ${name} switches to it`)
  }

  private async copy(args: string[]): Promise<void> {
    if (args.length !== 2) return this.warn('usage: /persona copy <source> <new name>')
    const file = await this.options.personas.catalog.copy(args[0], args[1])
    this.say(`copied ${args[0]} to ${args[1]} (${file})`)
  }

  private async remove(args: string[]): Promise<void> {
    if (args.length !== 1) return this.warn('usage: /persona remove <name>')
    const [name] = args
    const left = await this.options.personas.catalog.remove(name)
    const after = left === 'bundled-again' ? `; the bundled ${name} is used again` : ''
    const active = this.options.personas.active().name === name ? ' (still active until you switch: its text is in this session)' : ''
    this.say(`removed user persona ${name}${after}${active}`)
  }

  private async diff(args: string[]): Promise<void> {
    if (args.length !== 1) return this.warn('usage: /persona diff <name>')
    const [name] = args
    const {catalog} = this.options.personas
    const user = await catalog.userText(name)
    if (user === undefined) return this.warn(`${name} has no user persona file to compare (${catalog.userFile(name)})`)
    // An evolved persona is compared with the bundled one it grew from.
    const bundled = (await catalog.loadBundled(name)) ?? (await catalog.loadBundled(name.replace(/-evolved$/, '')))
    if (!bundled) return this.warn(`${name} is a user persona only: there is no bundled ${name} to compare it with`)
    const {fileDiff} = await import('../../runtime/files/unified-diff.js')
    const diff = fileDiff(`${name}.md`, withName(await readFile(bundled.file, 'utf8'), name), user).diff
    if (diff === '') return this.say(`user ${name} is the same as the bundled one`)
    const {colors} = this.options
    for (const line of diff.trimEnd().split('\n'))
      this.say(line.startsWith('+') && !line.startsWith('+++') ? colors.green(line) : line.startsWith('-') && !line.startsWith('---') ? colors.red(line) : line)
  }

  private evolve(args: string[]): void {
    const {personas, colors} = this.options
    if (args[0] === 'on' || args[0] === 'off') personas.evolve = args[0] === 'on'
    else if (args.length > 0) return this.warn('usage: /persona evolve on|off')
    const what = personas.evolve
      ? 'on: persona rewrites the model makes (update_persona) are saved to your persona folder and used in later runs'
      : 'off: persona rewrites last for this session only'
    this.say(colors.dim(`evolve is ${what}`))
  }

  private say(line: string): void {
    this.options.out.write(`${line}\n`)
  }

  private warn(line: string): void {
    this.say(this.options.colors.yellow(line))
  }
}
