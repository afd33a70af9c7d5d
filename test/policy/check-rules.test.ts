import {expect, test} from '@jest/globals'

import {checkRules} from '../../src/policy/check-rules.js'
import {PROJECT_FILE, rule} from './policy-fixtures.js'

const TOOLS = ['bash', 'read_file', 'write_file', 'install_package']

test.each<[string, string[]]>([
  ['bash(git push*)', []],
  ['read_file', []],
  ['readfile(.env)', [`${PROJECT_FILE}: rule "readfile(.env)" names no known tool "readfile", so it matches nothing (did you mean read_file?)`]],
  ['write_fiel', [`${PROJECT_FILE}: rule "write_fiel" names no known tool "write_fiel", so it matches nothing (did you mean write_file?)`]],
  ['deploy(prod)', [`${PROJECT_FILE}: rule "deploy(prod)" names no known tool "deploy", so it matches nothing`]],
])('%s → %j', (text, warnings) => {
  expect(checkRules([rule('deny', text)], TOOLS)).toEqual(warnings)
})
