import {describe, expect, test} from '@jest/globals'
import pc from 'picocolors'

import type {MarkdownUnit} from '../../../src/cli/terminal/markdown-stream.js'
import {TranscriptRenderer} from '../../../src/cli/terminal/transcript-renderer.js'

/** A screen that records writes, and a unit renderer that shows which unit each piece of text came in. */
function setUp(markdown: boolean) {
  const writes: string[] = []
  const out = {write: (text: string) => writes.push(text) > 0, isTTY: false} as unknown as NodeJS.WriteStream
  const render = async () => (unit: MarkdownUnit) => `<${unit.kind}:${unit.text}>`
  const renderer = new TranscriptRenderer({out, colors: pc.createColors(false), showThoughts: true, markdown: markdown ? render() : undefined})
  return {renderer, screen: () => writes.join('')}
}

describe('TranscriptRenderer with markdown', () => {
  test('writes only complete lines while text streams, and the held rest when the reply ends', async () => {
    const {renderer, screen} = setUp(true)
    await renderer.ready()
    renderer.handle({type: 'text', text: '# Ti'})
    expect(screen()).toBe('')
    renderer.handle({type: 'text', text: 'tle\nmore'})
    expect(screen()).toBe('<line:# Title>\n')
    renderer.handle({type: 'message', text: '# Title\nmore', reasoning: ''})
    expect(screen()).toBe('<line:# Title>\n<line:more>\n')
  })

  test('reasoning stays raw and apart; the text after it is rendered', async () => {
    const {renderer, screen} = setUp(true)
    await renderer.ready()
    renderer.handle({type: 'reasoning', text: 'think **raw**'})
    renderer.handle({type: 'text', text: 'answer'})
    renderer.handle({type: 'tool_call', id: '1', name: 'read_file', arguments: {path: 'a'}})
    expect(screen()).toMatch(/^think \*\*raw\*\*\n<line:answer>\n⚙ read_file/)
  })

  test('without markdown (--plain, NO_COLOR, a pipe) text is written as it comes', () => {
    const {renderer, screen} = setUp(false)
    renderer.handle({type: 'text', text: '# Ti'})
    expect(screen()).toBe('# Ti')
    renderer.finish({status: 'answered', text: '# Ti', steps: 1})
    expect(screen()).toBe('# Ti\n')
  })
})
