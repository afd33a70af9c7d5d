import {readFile} from 'node:fs/promises'
import path from 'node:path'

import {writeFileAtomic} from './atomic-write.js'
import {USER_CONFIG_NAMES} from './config-files.js'
import {errorCode} from './file-system-error.js'

/**
 * Sets one top-level key of the user config (`discover --save` writes `api`): the existing file is edited
 * in place — a YAML file line by line, so its comments stay — or `config.yaml` is created.
 */
export async function saveUserSetting(userConfigDir: string, key: string, value: string): Promise<string> {
  for (const name of USER_CONFIG_NAMES) {
    const file = path.join(userConfigDir, name)
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return undefined
      throw error
    })
    if (text === undefined) continue
    await writeFileAtomic(file, name.endsWith('.json') ? setJsonKey(text, key, value) : setYamlKey(text, key, value))
    return file
  }
  const file = path.join(userConfigDir, 'config.yaml')
  await writeFileAtomic(file, setYamlKey('', key, value))
  return file
}

export function setJsonKey(text: string, key: string, value: string): string {
  const data: unknown = text.trim() === '' ? {} : JSON.parse(text)
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('the user config is not a JSON object')
  return `${JSON.stringify({...data, [key]: value}, null, 2)}\n`
}

/** Replaces the top-level `key:` line, or appends one; the value is written as a JSON string, which YAML reads too. */
export function setYamlKey(text: string, key: string, value: string): string {
  const line = `${key}: ${JSON.stringify(value)}`
  const pattern = new RegExp(`^${key}:.*$`, 'm')
  if (pattern.test(text)) return text.replace(pattern, line)
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`
}
