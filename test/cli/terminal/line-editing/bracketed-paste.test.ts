import {describe, expect, test} from '@jest/globals'

import {NOT_PASTING, pasteStep, type KeyEvent, type PasteAction, type PasteState} from '../../../../src/cli/terminal/line-editing/bracketed-paste.js'

/** A key event as Node's keypress parser emits it for one character or a named key. */
type Press = [char: string | undefined, key: KeyEvent]
const ch = (char: string): Press => [char, {name: char.toLowerCase(), sequence: char}]
const START: Press = [undefined, {name: 'paste-start', sequence: '\u001B[200~'}]
const END: Press = [undefined, {name: 'paste-end', sequence: '\u001B[201~'}]
const RETURN: Press = ['\r', {name: 'return', sequence: '\r'}]
const ENTER: Press = ['\n', {name: 'enter', sequence: '\n'}]
const typed = (text: string): Press[] => [...text].map(ch)

/** Feeds the presses through the reducer: what readline was passed, and each finished paste. */
function assemble(presses: Press[]): {passed: string[]; pastes: string[]} {
  let state: PasteState = NOT_PASTING
  const passed: string[] = []
  const pastes: string[] = []
  for (const [char, key] of presses) {
    const step: {state: PasteState; action: PasteAction} = pasteStep(state, char, key)
    state = step.state
    if (step.action.type === 'pass') passed.push(key.name ?? '')
    if (step.action.type === 'pasted') pastes.push(step.action.text)
  }
  return {passed, pastes}
}

describe('bracketed paste assembly', () => {
  const cases: Array<[what: string, presses: Press[], pastes: string[], passed: string[]]> = [
    ['typed keys without markers all go to readline', [...typed('ab'), RETURN], [], ['a', 'b', 'return']],
    ['lines between the markers are one text, CR turned into newlines', [START, ...typed('one'), RETURN, ...typed('two'), END], ['one\ntwo'], []],
    ['CRLF and LF inside a paste are one newline each', [START, ...typed('a'), RETURN, ENTER, ...typed('b'), ENTER, ...typed('c'), END], ['a\nb\nc'], []],
    ['a trailing newline in the paste is dropped, not a submit', [START, ...typed('x'), RETURN, RETURN, END], ['x'], []],
    ['keys before and after a paste go to readline', [...typed('a'), START, ...typed('p'), END, ...typed('b'), RETURN], ['p'], ['a', 'b', 'return']],
    ['an empty paste is an empty text', [START, END], [''], []],
    ['two pastes are two texts', [START, ...typed('1'), END, START, ...typed('2'), END], ['1', '2'], []],
    ['a paste-end without a start is readline\'s business', [END, ...typed('a')], [], ['paste-end', 'a']],
    ['an escape sequence inside a paste keeps its bytes', [START, [undefined, {name: 'up', sequence: '\u001B[A'}], END], ['\u001B[A'], []],
    ['Ctrl-C inside a paste is pasted text, not an interrupt', [START, ['\u0003', {name: 'c', sequence: '\u0003'}], END], ['\u0003'], []],
  ]
  test.each(cases)('%s', (_what, presses, pastes, passed) => {
    expect(assemble(presses)).toEqual({pastes, passed})
  })
})
