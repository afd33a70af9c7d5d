import {readFile} from 'node:fs/promises'
import path from 'node:path'

import {writeFileAtomic} from '../files/atomic-write.js'
import {ConfigError} from './config-error.js'
import {USER_CONFIG_NAMES} from './config-names.js'
import {errorText} from '../text/error-text.js'
import {errorCode} from '../files/file-system-error.js'
import {isRecord} from '../text/is-record.js'

/**
 * Sets one top-level key of the user config (`discover --save` writes `api`): the existing file is edited
 * in place — a YAML file line by line, so its comments stay — or `config.yaml` is created. A file that
 * cannot be read, parsed or written is a ConfigError naming it.
 */
export async function saveUserSetting(userConfigDir: string, key: string, value: string): Promise<string> {
  for (const name of USER_CONFIG_NAMES) {
    const file = path.join(userConfigDir, name)
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return undefined
      throw new ConfigError(file, `cannot be read (${errorText(error)})`)
    })
    if (text === undefined) continue
    await writeSetting(file, name.endsWith('.json') ? setJsonKey(text, key, value, file) : setYamlKey(text, key, value))
    return file
  }
  const file = path.join(userConfigDir, 'config.yaml')
  await writeSetting(file, setYamlKey('', key, value))
  return file
}

async function writeSetting(file: string, text: string): Promise<void> {
  await writeFileAtomic(file, text).catch((error: unknown) => {
    throw new ConfigError(file, `cannot be written (${errorText(error)})`)
  })
}

/** `text` with `key` set; the file is named in the ConfigError when it is not a JSON object. */
export function setJsonKey(text: string, key: string, value: string, file: string): string {
  let data: unknown = {}
  try {
    if (text.trim() !== '') data = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new ConfigError(file, `is not valid JSON (${errorText(error)}); fix it, or move it away and save again`)
  }
  if (!isRecord(data)) throw new ConfigError(file, 'must hold a JSON object of settings, like {"api": "http://127.0.0.1:8080/v1"}')
  return `${JSON.stringify({...data, [key]: value}, null, 2)}\n`
}

/** Replaces the top-level `key:` line, or appends one; the value is written as a JSON string, which YAML reads too. */
export function setYamlKey(text: string, key: string, value: string): string {
  const line = `${key}: ${JSON.stringify(value)}`
  const pattern = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:.*$`, 'm')
  // A replacer function: a replacement string would expand `$&`, `$1` or `$$` in the value.
  if (pattern.test(text)) return text.replace(pattern, () => line)
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`
}
