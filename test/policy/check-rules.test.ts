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
  ['reed_file', [`${PROJECT_FILE}: rule "reed_file" names no known tool "reed_file", so it matches nothing (did you mean read_file?)`]],
  ['bsh(ls)', [`${PROJECT_FILE}: rule "bsh(ls)" names no known tool "bsh", so it matches nothing (did you mean bash?)`]],
  ['e', [`${PROJECT_FILE}: rule "e" names no known tool "e", so it matches nothing`]],
])('%s → %j', (text, warnings) => {
  expect(checkRules([rule('deny', text)], TOOLS)).toEqual(warnings)
})
