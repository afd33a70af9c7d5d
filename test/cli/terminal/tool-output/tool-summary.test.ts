import {describe, expect, test} from '@jest/globals'
import pc from 'picocolors'

import {LastToolCall} from '../../../../src/cli/terminal/tool-output/last-tool-call.js'
import {stoppedLine, summarizeResult, type FinishedCall} from '../../../../src/cli/terminal/tool-output/tool-summary.js'

const ESC = '\u001B'

describe('summarizeResult', () => {
  test.each<[string, FinishedCall, string]>([
    ['read_file, whole file', {name: 'read_file', args: {path: 'src/a.ts'}, text: '1\tx', data: {path: 'src/a.ts', firstLine: 1, lastLine: 120}}, 'read src/a.ts (120 lines)'],
    ['read_file, one line', {name: 'read_file', args: {path: 'a'}, text: '1\tx', data: {firstLine: 1, lastLine: 1}}, 'read a (1 line)'],
    ['read_file, a page with more', {name: 'read_file', args: {path: 'big.ts', offset: 1}, text: '…', data: {firstLine: 1, lastLine: 2000, nextOffset: 2001}}, 'read big.ts (lines 1–2000, more from 2001)'],
    ['read_file, a later page', {name: 'read_file', args: {path: 'big.ts', offset: 2001}, text: '…', data: {firstLine: 2001, lastLine: 2100}}, 'read big.ts (lines 2001–2100)'],
    ['read_file, empty', {name: 'read_file', args: {path: 'e.txt'}, text: 'e.txt is empty (0 bytes).', data: {path: 'e.txt', empty: true}}, 'read e.txt (empty)'],
    ['write_file, new', {name: 'write_file', args: {path: 'b.txt', content: 'héllo\nworld\n'}, text: 'Created b.txt', data: {created: true}}, 'created b.txt (2 lines, 13 B)'],
    ['write_file, overwrite', {name: 'write_file', args: {path: 'b.txt', content: 'x'}, text: 'Overwrote b.txt', data: {created: false}}, 'wrote b.txt (1 line, 1 B)'],
    ['edit_file', {name: 'edit_file', args: {path: 'c.ts'}, text: 'Edited c.ts: +3 -1 lines.', data: {path: 'c.ts', added: 3, removed: 1}}, 'edited c.ts (+3 −1)'],
    ['list_dir', {name: 'list_dir', args: {path: 'src'}, text: 'a\nb', data: {total: 2}}, 'listed src (2 entries)'],
    ['find_files', {name: 'find_files', args: {pattern: '*.ts'}, text: 'a.ts\nb.ts', data: {files: ['a.ts', 'b.ts'], total: 2}}, '2 files match *.ts'],
    ['grep in a folder', {name: 'grep', args: {pattern: 'TODO', path: 'src'}, text: 'src/a.ts:3: TODO', data: {matches: [], total: 1}}, '1 match for "TODO" in src'],
    ['grep with no match: its own line', {name: 'grep', args: {pattern: 'x('}, text: 'No matches for "x(" in . (try ignore_case).', data: {matches: [], total: 0}}, 'No matches for "x(" in . (try ignore_case).'],
    ['grep on a binary file: its own line', {name: 'grep', args: {pattern: 'x', path: 'a.bin'}, text: 'a.bin is a binary file; grep searches text files only.', data: {total: 0, binary: true}}, 'a.bin is a binary file; grep searches text files only.'],
    ['bash with output', {name: 'bash', args: {command: 'ls -la'}, text: 'Exit code 0.\nstdout:\n…', data: {exitCode: 0, signal: null, durationMs: 1234, stdout: 'a\nb\nc\n', stderr: 'w\n'}}, 'exit 0 in 1.2s · 4 lines of output (/last shows them)'],
    ['bash without output', {name: 'bash', args: {command: 'true'}, text: 'Exit code 0.\n(no output)', data: {exitCode: 0, signal: null, durationMs: 5, stdout: '', stderr: ''}}, 'exit 0 in 0.0s · no output'],
    ['bash failing', {name: 'bash', args: {command: 'false'}, text: 'Exit code 1.', data: {exitCode: 1, signal: null, stdout: 'x', stderr: ''}}, 'exit 1 · 1 line of output (/last shows it)'],
    ['bash timed out keeps the result line', {name: 'bash', args: {command: 'sleep 9'}, text: 'Timed out after 10 ms; killed.\n(no output)', data: {exitCode: null, timedOut: true, stdout: '', stderr: ''}}, 'Timed out after 10 ms; killed. (+1 lines)'],
    ['a plugin tool: its first line', {name: 'git_status', args: {}, text: 'clean\nmore', data: undefined}, 'clean (+1 lines)'],
    ['a file tool without the data it needs: its first line', {name: 'edit_file', args: {path: 'c.ts'}, text: 'Edited c.ts.', data: {}}, 'Edited c.ts.'],
  ])('%s', (_name, call, line) => {
    expect(summarizeResult(call)).toBe(line)
  })
})

describe('stoppedLine', () => {
  test.each<[string, FinishedCall, number | undefined, string]>([
    ['a command, with its own duration', {name: 'bash', args: {command: 'npm test'}, text: 'Cancelled', data: {durationMs: 3140}}, 9999, 'npm test cancelled by Ctrl-C after 3.1s'],
    ['a multi-line command: its first line', {name: 'bash', args: {command: 'sleep 30\necho never'}, text: 'Cancelled'}, 2000, 'sleep 30 cancelled by Ctrl-C after 2.0s'],
    ['another tool, with the transcript time', {name: 'grep', args: {pattern: 'x'}, text: 'Cancelled'}, 1500, 'grep cancelled by Ctrl-C after 1.5s'],
    ['no time known', {name: 'write_file', args: {path: 'a'}, text: 'Cancelled'}, undefined, 'write_file cancelled by Ctrl-C'],
  ])('%s', (_name, call, elapsed, line) => {
    expect(stoppedLine(call, elapsed)).toBe(line)
  })

  test('a command too long for the line is cut, and what happened to it stays whole', () => {
    const line = stoppedLine({name: 'bash', args: {command: `sleep 300 ${'x'.repeat(200)}`}, text: 'Cancelled', data: {durationMs: 1200}}, undefined, 60)
    expect(line).toMatch(/^sleep 300 x+… cancelled by Ctrl-C after 1\.2s$/)
    expect(line.length).toBe(60)
  })
})

describe('LastToolCall', () => {
  const colors = pc.createColors(false)

  test('before any call it says so', () => {
    expect(new LastToolCall().report(colors)).toBe('no tool call yet in this session')
  })

  test('shows the whole result of the latest call, made safe for the terminal', () => {
    const last = new LastToolCall()
    last.called('1', 'read_file', {path: 'old'})
    last.finished('1', 'read_file', 'ok', 'old text')
    last.called('2', 'bash', {command: 'ls -la'})
    last.finished('2', 'bash', 'ok', `Exit code 0.\nstdout:\n${ESC}[31mred${ESC}[0m\nline2\u0007\n`)
    const report = last.report(colors)
    expect(report.split('\n')).toEqual(['bash $ ls -la → ok', 'Exit code 0.', 'stdout:', 'red', 'line2', '', '(this is the whole result, as the model received it)'])
  })

  test('says when the middle was cut before the model got it', () => {
    const last = new LastToolCall()
    last.called('1', 'bash', {command: 'seq 100000'})
    last.finished('1', 'bash', 'ok', 'Exit code 0.\nstdout:\n1\n… [99000 lines / 500000 bytes elided] …\n100000\n')
    expect(last.report(colors)).toMatch(/the middle was cut before the model got it/)
  })
})
