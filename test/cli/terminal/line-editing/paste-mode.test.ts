import {PassThrough} from 'node:stream'
import {emitKeypressEvents} from 'node:readline'

import {afterEach, describe, expect, test} from '@jest/globals'

import {startPasteMode, type PasteMode} from '../../../../src/cli/terminal/line-editing/paste-mode.js'

const ON = '\u001B[?2004h'
const OFF = '\u001B[?2004l'
const started: PasteMode[] = []
afterEach(() => {
  for (const mode of started.splice(0)) mode.end({terminalGone: true})
})

/** Paste mode on fake streams, with one listener standing in for readline's: what it got, and the pastes. */
function start() {
  const input = new PassThrough()
  emitKeypressEvents(input)
  const readlineGot: string[] = []
  input.on('keypress', (_char: string | undefined, key: {name?: string}) => readlineGot.push(key.name ?? ''))
  const output = new PassThrough()
  let written = ''
  output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')))
  const pastes: string[] = []
  const mode = startPasteMode({input: input as unknown as NodeJS.ReadStream, output: output as unknown as NodeJS.WriteStream, onPaste: (text) => pastes.push(text)})
  started.push(mode)
  return {mode, input, readlineGot, pastes, written: () => written}
}

describe('startPasteMode', () => {
  test('turns the mode on, keeps pasted keys from readline, and hands the paste over whole', () => {
    const {input, readlineGot, pastes, written} = start()
    expect(written()).toBe(ON)
    input.write('a\u001B[200~x\ry\u001B[201~b')
    expect(readlineGot).toEqual(['a', 'b'])
    expect(pastes).toEqual(['x\ny'])
  })

  // end comes with readline's close, which lets go of its own listener: nothing is passed on after it.
  test('end turns the mode off once and stops listening', () => {
    const {mode, input, readlineGot, pastes, written} = start()
    mode.end()
    mode.end()
    expect(written()).toBe(ON + OFF)
    input.write('\u001B[200~z\u001B[201~k')
    expect(pastes).toEqual([])
    expect(readlineGot).toEqual([])
  })

  test('a terminal that is gone is not written to', () => {
    const {mode, written} = start()
    mode.end({terminalGone: true})
    expect(written()).toBe(ON)
  })

  test('resume (back from Ctrl-Z) turns the mode on again; not after the end', () => {
    const {mode, written} = start()
    mode.resume()
    expect(written()).toBe(ON + ON)
    mode.end()
    mode.resume()
    expect(written()).toBe(ON + ON + OFF)
  })
})
