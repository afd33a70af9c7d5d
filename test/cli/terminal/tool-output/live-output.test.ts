import {describe, expect, test} from '@jest/globals'
import pc from 'picocolors'

import {clipColumns, formatElapsed, OutputTail, renderLiveBlock} from '../../../../src/cli/terminal/tool-output/live-output.js'
import {LiveOutputPainter, type PainterClock} from '../../../../src/cli/terminal/tool-output/live-output-painter.js'

const ESC = '\u001B'

/** Feeds the chunks to a tail and returns its lines. */
function tailOf(chunks: string[], maxLines = 5): string[] {
  const tail = new OutputTail(maxLines)
  for (const chunk of chunks) tail.push(chunk)
  return tail.lines()
}

describe('OutputTail', () => {
  test.each<[string, string[], string[]]>([
    ['lines in one chunk', ['a\nb\nc\n'], ['a', 'b', 'c']],
    ['a line split across chunks', ['hel', 'lo\nwor', 'ld'], ['hello', 'world']],
    ['only the last five of many', ['1\n2\n3\n4\n5\n6\n7\n'], ['3', '4', '5', '6', '7']],
    ['the unfinished line counts among the five', ['1\n2\n3\n4\n5\n6'], ['2', '3', '4', '5', '6']],
    ['CRLF endings', ['a\r\nb\r\n'], ['a', 'b']],
    ['CRLF split between chunks keeps the line', ['a\r', '\nb\n'], ['a', 'b']],
    ['a carriage return restarts the line (progress bars)', ['10%\r50%\r100%\n'], ['100%']],
    ['colour escapes are removed', [`${ESC}[31mred${ESC}[0m plain\n`], ['red plain']],
    ['an escape split across chunks is removed whole', [`x${ESC}[3`, '1my\n'], ['xy']],
    ['an OSC title sequence is removed', [`${ESC}]0;title\u0007text\n`], ['text']],
    ['other control characters are dropped, tabs become a space', ['a\u0007b\u0000c\td\u009be\n'], ['abc de']],
    ['nothing yet', [], []],
  ])('%s', (_name, chunks, expected) => {
    expect(tailOf(chunks)).toEqual(expected)
  })

  test('a line without end is kept bounded', () => {
    expect(tailOf(['x'.repeat(100_000)])[0].length).toBeLessThanOrEqual(2000)
  })
})

describe('renderLiveBlock', () => {
  test('the elapsed time with a spinner frame, then the lines indented', () => {
    const block = renderLiveBlock({lines: ['line1', 'line2'], elapsedMs: 8_240, frame: 0, width: 80})
    expect(block).toEqual({status: '  ⠋ 8.2s', output: ['    line1', '    line2']})
  })

  test('a line wider than the terminal is cut before the last column', () => {
    const {output} = renderLiveBlock({lines: ['y'.repeat(200)], elapsedMs: 0, frame: 0, width: 40})
    expect(Array.from(output[0])).toHaveLength(39)
    expect(output[0].endsWith('…')).toBe(true)
  })

  test.each<[number, string]>([
    [0, '0.0s'],
    [449, '0.4s'],
    [75_000, '75.0s'],
  ])('%d ms is shown as %s', (ms, shown) => {
    expect(formatElapsed(ms)).toBe(shown)
  })

  test.each<[string, string, number, string]>([
    ['short text is left alone', 'abc', 3, 'abc'],
    ['ASCII is cut with an ellipsis in the last column', 'abcdef', 4, 'abc…'],
    ['wide characters count two columns each', '漢字漢字', 5, '漢字…'],
    ['an emoji (two code units) is never split', '😀😀😀', 4, '😀…'],
  ])('clipping: %s', (_name, text, max, clipped) => {
    expect(clipColumns(text, max)).toBe(clipped)
  })
})

/** A clock the test moves by hand, and a ticker it fires by hand. */
function manualClock() {
  let now = 0
  const ticks: Array<() => void> = []
  const clock: PainterClock = {
    now: () => now,
    every: (_ms, tick) => {
      ticks.push(tick)
      return {stop: () => ticks.splice(ticks.indexOf(tick), 1)}
    },
  }
  return {clock, advance: (ms: number) => (now += ms), tick: () => ticks.forEach((tick) => tick()), running: () => ticks.length}
}

function painterOn(clock: PainterClock) {
  const writes: string[] = []
  const out = {write: (text: string) => writes.push(text), columns: 80}
  const painter = new LiveOutputPainter(out, pc.createColors(false), clock, {minRedrawMs: 100, firstDrawMs: 200})
  return {painter, writes}
}

describe('LiveOutputPainter', () => {
  test('draws nothing in the first moments, so a quick call leaves no trace', () => {
    const {clock, advance} = manualClock()
    const {painter, writes} = painterOn(clock)
    painter.start()
    painter.push('fast\n')
    advance(150)
    painter.push('done\n')
    painter.stop()
    expect(writes).toEqual([])
  })

  test('redraws at most once per interval however many chunks arrive', () => {
    const {clock, advance} = manualClock()
    const {painter} = painterOn(clock)
    painter.start()
    advance(200)
    for (let i = 0; i < 50; i++) painter.push(`line${i}\n`)
    expect(painter.draws).toBe(1)
    advance(99)
    painter.push('more\n')
    expect(painter.draws).toBe(1)
    advance(1)
    painter.push('more\n')
    expect(painter.draws).toBe(2)
  })

  test('the ticker advances the elapsed time when the command prints nothing', () => {
    const {clock, advance, tick} = manualClock()
    const {painter, writes} = painterOn(clock)
    painter.start()
    advance(300)
    tick()
    advance(5_000)
    tick()
    expect(writes.join('')).toMatch(/0\.3s[\s\S]*5\.3s/)
  })

  test('a redraw moves up over the previous block and clears it; stop erases the last block and the ticker', () => {
    const {clock, advance, running} = manualClock()
    const {painter, writes} = painterOn(clock)
    painter.start()
    advance(200)
    painter.push('a\nb\n')
    expect(writes[0]).toBe('  ⠋ 0.2s\n    a\n    b\n')
    advance(100)
    painter.push('c\n')
    // Three lines were drawn: up three, clear, draw the new four.
    expect(writes[1]).toBe(`\r${ESC}[3A${ESC}[J  ⠙ 0.3s\n    a\n    b\n    c\n`)
    painter.stop()
    expect(writes[2]).toBe(`\r${ESC}[4A${ESC}[J`)
    expect(running()).toBe(0)
  })
})
