import {describe, expect, test} from '@jest/globals'

import {bwrapArguments, planSandbox, type SandboxPlanInput} from '../../../src/runtime/process/sandbox-plan.js'

const base: SandboxPlanInput = {
  kind: 'bash',
  workspace: '/home/ada/project',
  home: '/home/ada',
  writable: ['/home/ada/.npm', '/home/ada/.cache'],
  protectedPaths: ['/home/ada/.config/lillycoder', '/home/ada/.cache/lillycoder'],
  bashNetwork: false,
}

/** The value after each occurrence of `flag` in argv. */
function valuesOf(argv: readonly string[], flag: string): string[] {
  return argv.flatMap((arg, index) => (arg === flag ? [argv[index + 1]] : []))
}

describe('planSandbox', () => {
  test.each<[kind: SandboxPlanInput['kind'], bashNetwork: boolean, network: boolean]>([
    ['bash', false, false],
    ['bash', true, true],
    ['install', false, true],
    ['install', true, true],
  ])('%s with sandbox.network %s → network %s', (kind, bashNetwork, network) => {
    const plan = planSandbox({...base, kind, bashNetwork})
    expect(plan.network).toBe(network)
    const argv = bwrapArguments(plan, {file: 'true', args: []})
    expect(argv.includes('--share-net')).toBe(network)
    expect(argv).toContain('--unshare-all')
  })

  test('install_package keeps the same write limits as bash', () => {
    const mounts = (kind: SandboxPlanInput['kind']) => planSandbox({...base, kind}).mounts
    expect(mounts('install')).toEqual(mounts('bash'))
  })

  test('root read-only, a fresh /dev, /proc and /tmp, then home read-only, caches and the workspace writable, own dirs read-only again', () => {
    const argv = bwrapArguments(planSandbox(base), {file: 'bash', args: ['-c', 'npm test']})
    expect(valuesOf(argv, '--ro-bind')).toEqual(['/', '/home/ada', '/home/ada/.cache/lillycoder'])
    expect(valuesOf(argv, '--bind')).toEqual(['/home/ada/.npm', '/home/ada/.cache', '/home/ada/project'])
    expect(valuesOf(argv, '--dev')).toEqual(['/dev'])
    expect(valuesOf(argv, '--proc')).toEqual(['/proc'])
    expect(valuesOf(argv, '--tmpfs')).toEqual(['/tmp'])
    // Order decides which mount wins: the private /tmp before home and workspace (they may live under /tmp), own dirs last.
    const at = (flag: string, value: string) => argv.findIndex((arg, index) => arg === flag && argv[index + 1] === value)
    expect(at('--tmpfs', '/tmp')).toBeLessThan(at('--ro-bind', '/home/ada'))
    expect(at('--ro-bind', '/home/ada')).toBeLessThan(at('--bind', '/home/ada/.cache'))
    expect(at('--bind', '/home/ada/.cache')).toBeLessThan(at('--ro-bind', '/home/ada/.cache/lillycoder'))
  })

  test('dies with its parent, own PID namespace through --unshare-all, no new session (the process group must reach it)', () => {
    const argv = bwrapArguments(planSandbox(base), {file: 'true', args: []})
    expect(argv).toContain('--die-with-parent')
    expect(argv).not.toContain('--new-session')
  })

  test('the command follows -- and starts in the workspace', () => {
    const argv = bwrapArguments(planSandbox(base), {file: 'bash', args: ['-c', '--ro-bind / /']})
    expect(argv.slice(argv.indexOf('--'))).toEqual(['--', 'bash', '-c', '--ro-bind / /'])
    expect(valuesOf(argv, '--chdir')).toEqual(['/home/ada/project'])
  })

  test('an own dir that no writable mount covers is left to the read-only root', () => {
    const plan = planSandbox({...base, writable: [], protectedPaths: ['/home/ada/.config/lillycoder']})
    expect(plan.mounts.filter((mount) => mount.path === '/home/ada/.config/lillycoder')).toEqual([])
  })

  test('a workspace that is home: own dirs under it are read-only again', () => {
    const plan = planSandbox({...base, workspace: '/home/ada', writable: []})
    const last = plan.mounts.slice(-2).map((mount) => [mount.kind, mount.path])
    expect(last).toEqual([
      ['read-only', '/home/ada/.config/lillycoder'],
      ['read-only', '/home/ada/.cache/lillycoder'],
    ])
  })

  test('no home: no home mount', () => {
    const plan = planSandbox({...base, home: undefined, writable: [], protectedPaths: []})
    expect(plan.mounts.map((mount) => mount.path)).toEqual(['/', '/dev', '/proc', '/tmp', '/home/ada/project'])
  })
})
