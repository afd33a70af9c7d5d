import {expect, test} from '@jest/globals'
import vm from 'node:vm'

import {errorText} from '../../../src/runtime/text/error-text.js'

test.each<[name: string, thrown: unknown, text: string]>([
  ['an Error', new Error('disk full'), 'disk full'],
  ['a TypeError', new TypeError('x is not a function'), 'x is not a function'],
  ['an Error from another realm', vm.runInNewContext('new RangeError("too far")'), 'too far'],
  ['a thrown string', 'plain words', 'plain words'],
  ['a thrown number', 42, '42'],
  ['undefined', undefined, 'undefined'],
  ['null', null, 'null'],
  ['an object whose message is not text', {message: 7}, '[object Object]'],
])('%s → %j', (_name, thrown, text) => {
  expect(errorText(thrown)).toBe(text)
})
