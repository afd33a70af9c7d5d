import {expect, test} from '@jest/globals'

import {closestNames} from '../../../src/runtime/text/closest-names.js'

const TOOLS = ['bash', 'read_file', 'write_file', 'edit_file', 'list_dir', 'install_package']

test.each<[name: string, suggested: string[]]>([
  ['readfile', ['read_file']],
  ['reed_file', ['read_file']],
  ['write_fiel', ['write_file']],
  ['wrtie_file', ['write_file']],
  ['bsh', ['bash']],
  ['Bash', ['bash']],
  ['list_dirs', ['list_dir']],
  ['install', ['install_package']],
  ['deploy', []],
  ['ls', []],
  ['e', []],
  ['grep', []],
])('%s → %j', (name, suggested) => {
  expect(closestNames(name, TOOLS)).toEqual(suggested)
})

test('the closest come first', () => {
  expect(closestNames('wite_file', ['edit_file', 'write_file'])).toEqual(['write_file', 'edit_file'])
})
