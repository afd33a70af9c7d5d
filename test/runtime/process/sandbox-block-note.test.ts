import {describe, expect, test} from '@jest/globals'

import {sandboxBlockNote, sandboxBlocks} from '../../../src/runtime/process/sandbox-block-note.js'
import {planSandbox} from '../../../src/runtime/process/sandbox-plan.js'

const plan = (network: boolean) =>
  planSandbox({kind: 'bash', workspace: '/w', home: '/h', writable: ['/h/.npm'], protectedPaths: [], bashNetwork: network})

describe('sandboxBlocks', () => {
  test.each<[output: string, network: boolean, blocks: string[]]>([
    ['bash: /h/x: Read-only file system', false, ['write']],
    ["Error: EROFS: read-only file system, open '/etc/x'", false, ['write']],
    ["Error: EACCES: permission denied, open '/opt/x'", false, ['write']],
    ['connect ECONNREFUSED 127.0.0.1:8080', false, ['network']],
    ['connect ENETUNREACH 93.184.215.14:80', false, ['network']],
    ['curl: (6) Could not resolve host: example.com', false, ['network']],
    ['getaddrinfo EAI_AGAIN registry.npmjs.org', false, ['network']],
    ['connect ECONNREFUSED 127.0.0.1:8080', true, []],
    ['npm ERR! Test failed.  See above for more details.', false, []],
    ['error TS2322: Type string is not assignable to type number', false, []],
    ['touch: /h/x: Read-only file system\ncurl: (7) Failed to connect', false, ['write', 'network']],
  ])('%j (network %s) → %j', (output, network, blocks) => {
    expect(sandboxBlocks(output, plan(network))).toEqual(blocks)
  })
})

describe('sandboxBlockNote', () => {
  test('nothing blocked, no note', () => {
    expect(sandboxBlockNote([], plan(false))).toBeUndefined()
  })

  test('says it ran sandboxed, what was blocked, what it may write, and how the user can allow more', () => {
    const note = sandboxBlockNote(['write', 'network'], plan(false)) ?? ''
    expect(note).toMatch(/ran in lillycoder's sandbox/)
    expect(note).toContain('/h/.npm, /w')
    expect(note).toContain('the network')
    expect(note).toMatch(/sandbox\.writable.*sandbox\.network: on.*--sandbox off/)
  })
})
