/**
 * The REPL's input paths on fake streams: bracketed paste by the terminal's markers, each line one input
 * (typed ahead during a turn or piped), and the terminal's paste mode turned on and back off.
 */
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {PassThrough} from 'node:stream'

import {afterEach, describe, expect, test} from '@jest/globals'
import pc from 'picocolors'

import {Repl} from '../../../src/cli/terminal/repl.js'

const PROMPT = 'PROMPT> '
const PASTE_ON = '\u001B[?2004h'
const PASTE_OFF = '\u001B[?2004l'
const open: Repl[] = []
afterEach(() => {
  for (const repl of open.splice(0)) repl.close()
})

interface Started {
  repl: Repl
  input: PassThrough
  screen(): string
  inputs: string[]
  done: Promise<void>
}

/** A REPL on fake streams (a terminal unless `tty` is false); each input is recorded, and a turn may be held open. */
function startRepl(options: {tty?: boolean; turn?: (text: string) => Promise<'exit' | void>; run?: boolean; historyFile?: string} = {}): Started {
  const tty = options.tty ?? true
  const input = Object.assign(new PassThrough(), {isTTY: tty})
  const output = Object.assign(new PassThrough(), {isTTY: tty, columns: 200, rows: 50})
  let screen = ''
  output.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8')
  })
  const inputs: string[] = []
  const repl = new Repl({
    input: input as unknown as NodeJS.ReadStream,
    output: output as unknown as NodeJS.WriteStream,
    colors: pc.createColors(false),
    prompt: PROMPT,
    historyFile: options.historyFile,
    onInput: async (text) => {
      inputs.push(text)
      return options.turn?.(text)
    },
  })
  open.push(repl)
  const done = options.run === false ? Promise.resolve() : repl.run()
  return {repl, input, screen: () => screen, inputs, done}
}

async function until(check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 300 && !check(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10))
  expect(check()).toBe(true)
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

describe('bracketed paste in a terminal', () => {
  test('a multi-line paste is one input with its newlines, shown collapsed until Enter', async () => {
    const {input, screen, inputs} = startRepl()
    input.write('look: \u001B[200~line one\rline two\rline three\r\u001B[201~')
    await until(() => screen().includes('[pasted 3 lines, 28 B]'))
    await settle()
    expect(inputs).toEqual([])
    input.write(' thanks\r')
    await until(() => inputs.length === 1)
    expect(inputs).toEqual(['look: line one\nline two\nline three thanks'])
  })

  test('the markers may arrive split across reads', async () => {
    const {input, inputs} = startRepl()
    for (const piece of ['\u001B[20', '0~a\rb', '\u001B[2', '01~', '\r']) input.write(piece)
    await until(() => inputs.length === 1)
    expect(inputs).toEqual(['a\nb'])
  })

  test('a one-line paste is typed into the line as it is', async () => {
    const {input, screen, inputs} = startRepl()
    input.write('\u001B[200~just this\u001B[201~')
    await until(() => screen().includes('just this'))
    expect(screen()).not.toContain('[pasted')
    input.write('\r')
    await until(() => inputs.length === 1)
    expect(inputs).toEqual(['just this'])
  })

  test('Ctrl-C clears a collapsed paste: Enter then sends nothing', async () => {
    const {input, screen, inputs} = startRepl()
    input.write('\u001B[200~a\rb\u001B[201~')
    await until(() => screen().includes('[pasted 2 lines'))
    input.write('\u0003')
    await settle()
    input.write('\r')
    input.write('after\r')
    await until(() => inputs.length === 1)
    expect(inputs).toEqual(['after'])
  })

  test('the terminal is put in paste mode at the start and taken out of it at the end', async () => {
    const {repl, screen, done} = startRepl()
    expect(screen()).toContain(PASTE_ON)
    expect(screen()).not.toContain(PASTE_OFF)
    repl.close()
    await done
    expect(screen().lastIndexOf(PASTE_OFF)).toBeGreaterThan(screen().indexOf(PASTE_ON))
  })

  test('Ctrl-D takes the terminal out of paste mode too', async () => {
    const {input, screen, done} = startRepl()
    input.write('\u0004')
    await done
    expect(screen()).toContain(PASTE_OFF)
  })

  test('the trailing backslash still continues a message on the next line', async () => {
    const {input, inputs} = startRepl()
    input.write('first \\\r')
    input.write('second\r')
    await until(() => inputs.length === 1)
    expect(inputs).toEqual(['first \nsecond'])
  })
})

describe('history', () => {
  test('typed messages are saved for the next session; a pasted block is not (its label would come back without it)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lilly-history-'))
    try {
      const historyFile = path.join(dir, 'history')
      const {input, inputs, repl, done} = startRepl({historyFile})
      input.write('typed one\r')
      input.write('\u001B[200~a\rb\u001B[201~\r')
      input.write('typed two\r')
      await until(() => inputs.length === 3)
      repl.close()
      await done
      expect(inputs).toEqual(['typed one', 'a\nb', 'typed two'])
      expect(await readFile(historyFile, 'utf8')).toBe('typed one\ntyped two\n')
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  test('a line recalled with ↑ in the same session brings its paste back', async () => {
    const {input, inputs} = startRepl()
    input.write('\u001B[200~x\ry\u001B[201~\r')
    await until(() => inputs.length === 1)
    input.write('\u001B[A\r')
    await until(() => inputs.length === 2)
    expect(inputs).toEqual(['x\ny', 'x\ny'])
  })
})

describe('each line is one input', () => {
  test('two lines typed at once are two inputs, the second handled after the first turn ends', async () => {
    let release: () => void = () => undefined
    const {input, inputs} = startRepl({turn: (text) => (text === 'one' ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve())})
    input.write('one\rtwo\r')
    await until(() => inputs.length === 1)
    await settle()
    expect(inputs).toEqual(['one'])
    release()
    await until(() => inputs.length === 2)
    expect(inputs).toEqual(['one', 'two'])
  })

  test('Ctrl-C during a turn drops the lines typed ahead of it', async () => {
    let release: () => void = () => undefined
    const {input, inputs} = startRepl({turn: (text) => (text === 'one' ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve())})
    input.write('one\rtwo\r')
    await until(() => inputs.length === 1)
    input.write('\u0003')
    release()
    await settle()
    input.write('three\r')
    await until(() => inputs.length === 2)
    expect(inputs).toEqual(['one', 'three'])
  })

  test('piped lines are one input each, in order, all handled before the end of input ends the session', async () => {
    const {input, screen, inputs, done} = startRepl({tty: false, turn: () => new Promise((resolve) => setTimeout(resolve, 20))})
    input.end('first\nsecond\nthird\n')
    await done
    expect(inputs).toEqual(['first', 'second', 'third'])
    expect(screen()).not.toContain(PASTE_ON)
  })

  test('lines piped before the REPL runs wait for it', async () => {
    const started = startRepl({tty: false, run: false})
    started.input.end('early\n')
    await settle()
    expect(started.inputs).toEqual([])
    await started.repl.run()
    expect(started.inputs).toEqual(['early'])
  })

  test('/exit among piped lines ends the session there', async () => {
    const {input, inputs, done} = startRepl({tty: false, turn: async (text) => (text === '/exit' ? 'exit' : undefined)})
    input.end('a\n/exit\nb\n')
    await done
    expect(inputs).toEqual(['a', '/exit'])
  })
})
