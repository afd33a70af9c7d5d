import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {detectPackageManager} from '../../../src/runtime/process/detect-package-manager.js'

let workspace: string

beforeEach(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'lilly-detect-pm-'))
})

afterEach(async () => {
  await rm(workspace, {recursive: true, force: true})
})

const PYPROJECT = '[project]\nname = "demo"\nversion = "0.1.0"\n'

const cases: Array<[files: Record<string, string>, manager: string | null]> = [
  [{'package.json': '{}'}, 'npm'],
  [{'package.json': '{}', 'package-lock.json': '{}'}, 'npm'],
  [{'package-lock.json': '{}'}, 'npm'],
  [{'package.json': '{}', 'pnpm-lock.yaml': ''}, 'pnpm'],
  [{'package.json': '{}', 'yarn.lock': ''}, 'yarn'],
  [{'package.json': '{}', 'bun.lockb': ''}, 'bun'],
  [{'package.json': '{}', 'bun.lock': ''}, 'bun'],
  [{'package.json': '{}', 'pnpm-lock.yaml': '', 'package-lock.json': '{}'}, 'pnpm'],
  [{'pyproject.toml': PYPROJECT}, 'pip'],
  [{'requirements.txt': 'requests\n'}, 'pip'],
  [{'setup.py': 'from setuptools import setup\n'}, 'pip'],
  [{'pyproject.toml': PYPROJECT, 'uv.lock': ''}, 'uv'],
  [{'pyproject.toml': `${PYPROJECT}\n[tool.uv]\ndev-dependencies = []\n`}, 'uv'],
  [{'pyproject.toml': `${PYPROJECT}\n[tool.uv.sources]\ndemo = { workspace = true }\n`}, 'uv'],
  [{'pyproject.toml': `${PYPROJECT}\n[[tool.uv.index]]\nurl = "https://example.org/simple"\n`}, 'uv'],
  [{'pyproject.toml': `${PYPROJECT}\n[tool.ruff]\nline-length = 100\n# uses [tool.uv] elsewhere\n`}, 'pip'],
  [{'Cargo.toml': '[package]\nname = "demo"\n'}, 'cargo'],
  [{'go.mod': 'module example.com/demo\n'}, 'go'],
  [{}, null],
  [{'README.md': '# demo\n'}, null],
  [{'package.json': '{}', 'pyproject.toml': PYPROJECT}, null],
  [{'Cargo.toml': '', 'go.mod': ''}, null],
]

describe('detectPackageManager', () => {
  test.each(cases)('%j → %s', async (files, manager) => {
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(workspace, name), content)
    const detection = await detectPackageManager(workspace)
    expect(detection.manager).toBe(manager)
    expect(detection.reason.length).toBeGreaterThan(0)
  })

  test('names the file that decided', async () => {
    await writeFile(path.join(workspace, 'package.json'), '{}')
    await writeFile(path.join(workspace, 'yarn.lock'), '')
    expect((await detectPackageManager(workspace)).reason).toContain('yarn.lock')
  })

  test('names both kinds of project when it cannot choose', async () => {
    await writeFile(path.join(workspace, 'package.json'), '{}')
    await writeFile(path.join(workspace, 'Cargo.toml'), '')
    const {reason} = await detectPackageManager(workspace)
    expect(reason).toContain('package.json')
    expect(reason).toContain('Cargo.toml')
  })
})
