import {describe, expect, test} from '@jest/globals'
import pc from 'picocolors'

import {TranscriptRenderer} from '../../../../src/cli/terminal/transcript-renderer.js'

function setUp(isTTY: boolean) {
  const writes: string[] = []
  const out = {write: (text: string) => writes.push(text) > 0, isTTY, columns: 100} as unknown as NodeJS.WriteStream
  const renderer = new TranscriptRenderer({out, colors: pc.createColors(false), showThoughts: false})
  return {renderer, screen: () => writes.join('')}
}

const bashCall = (id: string, command: string) => ({type: 'tool_call' as const, id, name: 'bash', arguments: {command}})

describe('tool output in the transcript', () => {
  test('on a pipe the live output prints nothing: the call line and the summary only', () => {
    const {renderer, screen} = setUp(false)
    renderer.handle({type: 'step', step: 1})
    renderer.handle(bashCall('1', 'ls'))
    renderer.handle({type: 'tool_started', id: '1', name: 'bash'})
    renderer.handle({type: 'tool_output', id: '1', name: 'bash', text: 'a\nb\n'})
    renderer.handle({type: 'tool_result', id: '1', name: 'bash', outcome: 'ok', text: 'Exit code 0.\nstdout:\na\nb', data: {exitCode: 0, signal: null, durationMs: 40, stdout: 'a\nb\n', stderr: ''}})
    expect(screen()).toBe('⚙ bash $ ls\n  ✓ exit 0 in 0.0s · 2 lines of output (/last shows them)\n')
  })

  test('Ctrl-C during a command: one line, and neither the skipped calls nor the turn add another', () => {
    const {renderer, screen} = setUp(false)
    renderer.handle({type: 'step', step: 1})
    renderer.handle(bashCall('1', 'sleep 30'))
    renderer.handle({type: 'tool_started', id: '1', name: 'bash'})
    const stopped = 'Cancelled by the user. Cancelled; the command and every process it started were killed.\n(no output)'
    renderer.handle({type: 'tool_result', id: '1', name: 'bash', outcome: 'cancelled', text: stopped, data: {durationMs: 3100, aborted: true}})
    renderer.handle({type: 'tool_result', id: '2', name: 'write_file', outcome: 'cancelled', text: 'Cancelled: the user stopped this turn before the call ran.'})
    renderer.finish({status: 'cancelled', text: '', steps: 1})
    expect(screen()).toBe('⚙ bash $ sleep 30\n  ✗ sleep 30 cancelled by Ctrl-C after 3.1s\n')
  })

  test('a turn cancelled with no call running still says "cancelled"', () => {
    const {renderer, screen} = setUp(false)
    renderer.handle({type: 'step', step: 1})
    renderer.finish({status: 'cancelled', text: '', steps: 1})
    expect(screen()).toBe('cancelled\n')
  })

  test('the next turn says its own Ctrl-C again', () => {
    const {renderer, screen} = setUp(false)
    for (const id of ['1', '2']) {
      renderer.handle({type: 'step', step: 1})
      renderer.handle(bashCall(id, 'sleep 30'))
      renderer.handle({type: 'tool_result', id, name: 'bash', outcome: 'cancelled', text: 'Cancelled', data: {durationMs: 1000}})
      renderer.finish({status: 'cancelled', text: '', steps: 1})
    }
    expect(screen().match(/cancelled by Ctrl-C/g)).toHaveLength(2)
  })

  test('/last keeps the full text of the latest result', () => {
    const {renderer} = setUp(false)
    renderer.handle(bashCall('1', 'ls -la'))
    renderer.handle({type: 'tool_result', id: '1', name: 'bash', outcome: 'ok', text: 'Exit code 0.\nstdout:\n1\n2\n3\n4\n5\n6\n7'})
    expect(renderer.last.report(pc.createColors(false))).toContain('stdout:\n1\n2\n3\n4\n5\n6\n7')
  })
})
