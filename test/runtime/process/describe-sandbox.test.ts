import {describe, expect, test} from '@jest/globals'

import {describeSandbox} from '../../../src/runtime/process/describe-sandbox.js'
import {planSandbox, type SandboxedCommandKind} from '../../../src/runtime/process/sandbox-plan.js'
import type {SessionSandbox} from '../../../src/runtime/process/sandbox-setup.js'

const sandboxed = (bashNetwork: boolean): SessionSandbox => ({
  state: 'sandboxed',
  mode: 'auto',
  bwrap: '/usr/bin/bwrap',
  writable: ['/home/ada/.npm'],
  bashNetwork,
  planFor: (kind: SandboxedCommandKind, workspace: string) =>
    planSandbox({kind, workspace, home: '/home/ada', writable: ['/home/ada/.npm'], protectedPaths: [], bashNetwork}),
})

const short = (file: string) => file.replace('/home/ada', '~')

describe('describeSandbox', () => {
  test.each<[sandbox: SessionSandbox, summary: RegExp]>([
    [sandboxed(false), /^commands run sandboxed \(bubblewrap\): they may write the workspace, ~\/\.npm and a private \/tmp; no network for bash \(install_package keeps it\)$/],
    [sandboxed(true), /; with the network$/],
    [{state: 'unsandboxed', mode: 'off', why: 'sandbox is off (--sandbox off)'}, /^commands run unsandboxed \(sandbox is off \(--sandbox off\)\): they can write anything you can/],
    [{state: 'refusing', mode: 'on', reason: 'bubblewrap (bwrap) is not on PATH', hint: 'install it'}, /^commands are refused: the sandbox is on, but bubblewrap \(bwrap\) is not on PATH$/],
  ])('%#: the one line', (sandbox, summary) => {
    expect(describeSandbox(sandbox, '/home/ada/project', short).summary).toMatch(summary)
  })

  test('sandboxed: the mounts of bash, and the network of each kind', () => {
    const report = describeSandbox(sandboxed(false), '/home/ada/project')
    expect(report.network).toEqual({bash: false, install_package: true})
    expect(report.mounts.filter((mount) => mount.kind === 'writable').map((mount) => mount.path)).toEqual(['/home/ada/.npm', '/home/ada/project'])
  })

  test('no sandbox: no mounts, no network claim, the reason and hint', () => {
    const report = describeSandbox({state: 'refusing', mode: 'on', reason: 'r', hint: 'h'}, '/w')
    expect(report).toMatchObject({mounts: [], network: null, reason: 'r', hint: 'h', bwrap: null})
  })
})
