import {afterEach, describe, expect, test} from '@jest/globals'

import {cancelOnSignals} from '../../src/commands/run.js'

const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
const cleanups: Array<() => void> = []
afterEach(() => {
  for (const stop of cleanups.splice(0)) stop()
})

/** Listens like `run` does; the process is never really signalled (process.emit only calls the listeners). */
function listen() {
  const controller = new AbortController()
  const exits: number[] = []
  const stop = cancelOnSignals(controller, (code) => exits.push(code))
  cleanups.push(stop)
  return {controller, exits, stop}
}

describe('run: Ctrl-C and other stop signals', () => {
  test.each(signals)('the first %s cancels the turn and does not exit', (signal) => {
    const {controller, exits} = listen()
    process.emit(signal, signal)
    expect(controller.signal.aborted).toBe(true)
    expect(exits).toEqual([])
  })

  test.each(signals)('a second %s exits with 130 through our handler, not Node’s default', (signal) => {
    const {exits} = listen()
    const before = process.listenerCount(signal)
    process.emit(signal, signal)
    // Still listening after the first: Node's default handler would end the process at once, leaving groups behind.
    expect(process.listenerCount(signal)).toBe(before)
    process.emit(signal, signal)
    expect(exits).toEqual([130])
  })

  test('mixed signals count together: SIGTERM after Ctrl-C exits', () => {
    const {exits} = listen()
    process.emit('SIGINT', 'SIGINT')
    process.emit('SIGTERM', 'SIGTERM')
    expect(exits).toEqual([130])
  })

  test('once the turn is over the handlers are gone', () => {
    const before = signals.map((signal) => process.listenerCount(signal))
    const {stop} = listen()
    expect(signals.map((signal) => process.listenerCount(signal))).toEqual(before.map((count) => count + 1))
    stop()
    expect(signals.map((signal) => process.listenerCount(signal))).toEqual(before)
  })
})
