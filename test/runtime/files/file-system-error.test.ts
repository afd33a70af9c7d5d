import {describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {errorCode, fileToolError} from '../../../src/runtime/files/file-system-error.js'
import {ToolError} from '../../../src/runtime/tools/tool-error.js'

const systemError = (code: string) => Object.assign(new Error(`${code}: something`), {code})

describe('fileToolError', () => {
  test.each([
    ['ENOENT', 'src/a.ts does not exist'],
    ['EISDIR', 'src/a.ts is a directory'],
    ['ENOTDIR', 'a parent of src/a.ts is a file, not a directory'],
    ['EACCES', 'permission denied for src/a.ts'],
    ['ENOSPC', 'no space left on the device while writing src/a.ts'],
  ])('%s → %s', (code, what) => {
    const error = fileToolError(systemError(code), 'src/a.ts')
    expect(error).toBeInstanceOf(ToolError)
    expect((error as ToolError).what).toBe(what)
  })

  test('a tool-specific hint replaces the generic one', () => {
    const error = fileToolError(systemError('ENOENT'), 'x', {ENOENT: 'use write_file to create it'}) as ToolError
    expect(error.hint).toBe('use write_file to create it')
  })

  test('unknown errors come back unchanged', () => {
    const original = new Error('boom')
    expect(fileToolError(original, 'x')).toBe(original)
    expect(fileToolError(systemError('EWEIRD'), 'x')).not.toBeInstanceOf(ToolError)
  })

  test('errorCode reads real fs errors', async () => {
    const missing = path.join(os.tmpdir(), 'lilly-definitely-missing', 'x')
    const error = await fs.readFile(missing).catch((caught: unknown) => caught)
    expect(errorCode(error)).toBe('ENOENT')
    expect(errorCode('ENOENT')).toBeUndefined()
  })
})
