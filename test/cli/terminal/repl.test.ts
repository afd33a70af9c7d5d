import {PassThrough} from 'node:stream'

import {afterEach, describe, expect, test} from '@jest/globals'
import pc from 'picocolors'

import {Repl} from '../../../src/cli/terminal/repl.js'

const PROMPT = 'PROMPT> '
const open: Repl[] = []
afterEach(() => {
  for (const repl of open.splice(0)) repl.close()
  delete process.env.LILLYCODER_DEBUG
})

/** A REPL on fake terminal streams; `typed` sends a line as Enter would, `screen` is everything written. */
function startRepl(onInput: (text: string) => Promise<'exit' | void>) {
  const input = Object.assign(new PassThrough(), {isTTY: true}) as unknown as NodeJS.ReadStream
  const output = Object.assign(new PassThrough(), {isTTY: true, columns: 200, rows: 50}) as unknown as NodeJS.WriteStream
  let screen = ''
  output.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8')
  })
  const repl = new Repl({input, output, colors: pc.createColors(false), prompt: PROMPT, onInput: (text) => onInput(text)})
  open.push(repl)
  void repl.run()
  return {typed: (line: string) => input.write(`${line}\r`), screen: () => screen}
}

async function until(check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !check(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10))
  expect(check()).toBe(true)
}

describe('a bug while handling an input', () => {
  test('is one line on the screen, the prompt comes back, and the next input is handled', async () => {
    const handled: string[] = []
    const {typed, screen} = startRepl(async (text) => {
      handled.push(text)
      if (text === 'first') throw new TypeError("Cannot read properties of undefined (reading 'content')")
    })
    typed('first')
    await until(() => screen().includes('internal error'))
    const after = screen().slice(screen().indexOf('lillycoder: internal error'))
    expect(after.split('\n')[0]).toBe("lillycoder: internal error: Cannot read properties of undefined (reading 'content') (set LILLYCODER_DEBUG=1 for details)")
    expect(after).not.toMatch(/\n\s+at /)
    await until(() => screen().slice(screen().indexOf('lillycoder: internal error')).includes(PROMPT))

    typed('second')
    await until(() => handled.length === 2)
    expect(handled).toEqual(['first', 'second'])
  })

  test('with LILLYCODER_DEBUG the stack follows the line', async () => {
    process.env.LILLYCODER_DEBUG = '1'
    const bug = new Error('boom')
    const {typed, screen} = startRepl(async () => {
      throw bug
    })
    typed('go')
    await until(() => screen().includes('lillycoder: internal error: boom'))
    const firstFrame = (bug.stack ?? '').split('\n')[1] ?? ''
    expect(firstFrame).toMatch(/^\s+at /)
    expect(screen()).toContain(firstFrame)
  })

  test('a value that is not an Error is shown too', async () => {
    const {typed, screen} = startRepl(async () => {
      throw 'just a string'
    })
    typed('go')
    await until(() => screen().includes('lillycoder: internal error: just a string'))
  })
})
