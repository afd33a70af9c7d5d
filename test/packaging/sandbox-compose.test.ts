import {readFileSync, statSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import {describe, expect, test} from '@jest/globals'
import yaml from 'js-yaml'

// No Docker engine runs in CI, so the sandbox's promises are checked in its files: what runs, as whom, what it can write.

const root = (file: string): string => fileURLToPath(new URL(`../../${file}`, import.meta.url))

interface Service {
  build?: unknown
  user?: unknown
  working_dir?: unknown
  volumes?: unknown[]
  extra_hosts?: unknown
  tty?: unknown
  stdin_open?: unknown
  read_only?: unknown
  environment?: Record<string, unknown>
}

const compose = yaml.load(readFileSync(root('docker-compose.yml'), 'utf8')) as {services?: Record<string, Service>; volumes?: Record<string, unknown>}
const service = compose.services?.lillycoder
const dockerfile = readFileSync(root('Dockerfile'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))

/** `source:target[:mode]` short syntax, as compose reads it. */
function mountOf(volume: unknown): {source: string; target: string; mode?: string} {
  if (typeof volume !== 'string') throw new Error(`volume ${JSON.stringify(volume)}: use the short syntax`)
  const [source = '', target = '', mode] = volume.split(':')
  return {source, target, mode}
}

const isHostPath = (source: string): boolean => source.startsWith('.') || source.startsWith('/') || source.startsWith('~')

describe('docker-compose.yml', () => {
  test('has a lillycoder service built from this repository', () => {
    expect(service).toBeDefined()
    expect(service?.build).toBe('.')
  })

  test('mounts ./WORKINGDIR at /workspace, writable, as its only project mount; everything else is a named volume', () => {
    const mounts = (service?.volumes ?? []).map(mountOf)
    const fromHost = mounts.filter((mount) => isHostPath(mount.source))
    expect(fromHost).toEqual([{source: './WORKINGDIR', target: '/workspace', mode: undefined}])
    for (const mount of mounts.filter((entry) => !isHostPath(entry.source))) {
      expect(Object.keys(compose.volumes ?? {})).toContain(mount.source)
      expect(mount.target.startsWith('/workspace')).toBe(false)
    }
    expect(service?.working_dir).toBe('/workspace')
    expect(service?.read_only).toBe(true)
  })

  test('runs as a user that is not root', () => {
    expect(typeof service?.user).toBe('string')
    expect(String(service?.user)).not.toMatch(/^(root|0)(:|$)/)
  })

  test('reaches a model server on the host as host.docker.internal', () => {
    expect(service?.extra_hosts).toEqual(expect.arrayContaining(['host.docker.internal:host-gateway']))
    expect(String(service?.environment?.LILLYCODER_API)).toContain('host.docker.internal')
  })

  test('keeps a terminal open for `docker compose exec lillycoder lillycoder`', () => {
    expect(service?.tty).toBe(true)
    expect(service?.stdin_open).toBe(true)
  })
})

describe('Dockerfile', () => {
  const stages = dockerfile.reduce<string[][]>((all, line) => (line.startsWith('FROM ') ? [...all, [line]] : [...all.slice(0, -1), [...(all.at(-1) ?? []), line]]), [])
  const final = stages.at(-1) ?? []

  test('the image it runs is a slim Node LTS image', () => {
    expect(final[0]).toMatch(/^FROM node:(20|22|24)[\w.-]*-slim\b/)
  })

  test('installs lillycoder from the tarball npm pack made, not from the source tree', () => {
    expect(stages.slice(0, -1).flat().some((line) => /\bnpm pack\b/.test(line))).toBe(true)
    expect(final.some((line) => /npm install (--\S+ )*--global (--\S+ )*\S*lillycoder-\*\.tgz/.test(line))).toBe(true)
    expect(final.some((line) => /^COPY (?!--from)/.test(line))).toBe(false)
  })

  test('ends as a user that is not root', () => {
    const users = final.filter((line) => line.startsWith('USER '))
    expect(users.at(-1)).toMatch(/^USER (?!root\b|0\b)\S+/)
  })
})

test('WORKINGDIR ships a small project to try on', () => {
  for (const file of ['README.md', 'package.json', 'src/slugify.js', 'test/slugify.test.js']) expect(statSync(root(`WORKINGDIR/${file}`)).isFile()).toBe(true)
})
