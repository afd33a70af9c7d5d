import {PassThrough} from 'node:stream'

import {afterEach, describe, expect, test} from '@jest/globals'
import pc from 'picocolors'

import {Repl} from '../../../../src/cli/terminal/repl.js'

const open: Repl[] = []
afterEach(() => {
  for (const repl of open.splice(0)) repl.close()
})

/** A REPL on fake terminal streams: `keys` sends raw bytes as a terminal would, `screen` is everything written. */
function startRepl(tty = true, onInput?: (text: string, repl: Repl) => Promise<void>) {
  const input = Object.assign(new PassThrough(), {isTTY: tty}) as unknown as NodeJS.ReadStream
  const output = Object.assign(new PassThrough(), {isTTY: tty, columns: 200, rows: 50}) as unknown as NodeJS.WriteStream
  let screen = ''
  output.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8')
  })
  const inputs: string[] = []
  const repl: Repl = new Repl({
    input,
    output,
    colors: pc.createColors(false),
    prompt: 'P> ',
    onInput: async (text) => {
      inputs.push(text)
      await onInput?.(text, repl)
    },
  })
  open.push(repl)
  void repl.run()
  return {repl, keys: (bytes: string) => input.write(bytes), screen: () => screen, inputs}
}

async function until(check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !check(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10))
  expect(check()).toBe(true)
}

describe('askKey', () => {
  test.each<[typed: string, answer: string]>([
    ['y', 'y'],
    ['Y', 'y'],
    ['n', 'n'],
    ['a', 'a'],
  ])('%j answers %j without Enter, unechoed; the key never reaches the line', async (typed, answer) => {
    const {repl, keys, screen, inputs} = startRepl()
    const asked = repl.askKey!('ASK> ', ['y', 'n', 'a'], 'HINT')
    keys(typed)
    expect(await asked).toBe(answer)
    expect(screen().slice(screen().indexOf('ASK> ') + 'ASK> '.length)).not.toContain(typed)
    await new Promise((resolve) => setImmediate(resolve))
    keys('hello\r')
    await until(() => inputs.length === 1)
    expect(inputs).toEqual(['hello'])
  })

  test('a key not offered gives the hint once and answers nothing; Enter and arrows are quiet', async () => {
    const {repl, keys, screen} = startRepl()
    let answered: string | null | undefined
    void repl.askKey!('ASK> ', ['y', 'n', 'a'], 'HINT').then((key) => (answered = key))
    keys('\r')
    keys('\u001b[A')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(screen()).not.toContain('HINT')
    keys('p')
    keys('x')
    await until(() => screen().includes('HINT'))
    expect(answered).toBeUndefined()
    expect(screen().match(/HINT/g)).toHaveLength(1)
    keys('a')
    await until(() => answered === 'a')
  })

  test('Ctrl-C answers null', async () => {
    const {repl, keys} = startRepl()
    const asked = repl.askKey!('ASK> ', ['y', 'n'])
    keys('\u0003')
    expect(await asked).toBeNull()
  })

  test('what is typed after the key in the same burst goes to the next question: n, then a reason', async () => {
    const {repl, keys} = startRepl()
    const asked = repl.askKey!('ASK> ', ['y', 'n'])
    keys('n use pnpm\r')
    expect(await asked).toBe('n')
    expect(await repl.askLine('reason: ')).toBe(' use pnpm')
  })

  test('a stray Enter after the key, during the turn, submits nothing', async () => {
    const answers: Array<string | null> = []
    const {keys, inputs} = startRepl(true, async (text, repl) => {
      if (text === 'go') answers.push(await repl.askKey!('ASK> ', ['y', 'n']))
      // The call runs a while after the answer; the Enter arrives meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 50))
    })
    keys('go\r')
    await until(() => inputs.length === 1)
    await new Promise((resolve) => setTimeout(resolve, 10))
    keys('y\r')
    await until(() => answers.length === 1)
    keys('\r')
    await new Promise((resolve) => setTimeout(resolve, 100))
    keys('next\r')
    await until(() => inputs.length === 2)
    expect(answers).toEqual(['y'])
    expect(inputs).toEqual(['go', 'next'])
  })

  test('without a terminal there is no askKey: answers are lines', () => {
    const {repl} = startRepl(false)
    expect(repl.askKey).toBeUndefined()
  })
})
