import assert from 'node:assert/strict'
import {test} from 'node:test'

import {slugify} from '../src/slugify.js'

test('words are joined by single hyphens', () => {
  assert.equal(slugify('Hello, World'), 'hello-world')
})

test('no hyphen at either end', () => {
  assert.equal(slugify('  Hello, World!  '), 'hello-world')
})
