import {describe, expect, test} from '@jest/globals'

import {
  buildInstallCommand,
  packageSpecProblem,
  type Ecosystem,
  type PackageManager,
} from '../../../src/runtime/process/package-install-command.js'
import {ToolError} from '../../../src/runtime/tools/tool-error.js'

const argvCases: Array<[manager: PackageManager, packages: string[], dev: boolean, argv: string[]]> = [
  ['npm', ['lodash'], false, ['npm', 'install', '--', 'lodash']],
  ['npm', ['jest', 'ts-jest'], true, ['npm', 'install', '--save-dev', '--', 'jest', 'ts-jest']],
  ['pnpm', ['lodash'], false, ['pnpm', 'add', 'lodash']],
  ['pnpm', ['@types/node@20'], true, ['pnpm', 'add', '-D', '@types/node@20']],
  ['yarn', ['react@^18.2.0'], false, ['yarn', 'add', 'react@^18.2.0']],
  ['yarn', ['vitest'], true, ['yarn', 'add', '-D', 'vitest']],
  ['bun', ['zod'], false, ['bun', 'add', 'zod']],
  ['bun', ['zod'], true, ['bun', 'add', '-d', 'zod']],
  ['pip', ['requests==2.31', 'numpy>=1.26'], false, ['python3', '-m', 'pip', 'install', '--', 'requests==2.31', 'numpy>=1.26']],
  ['uv', ['httpx'], false, ['uv', 'add', '--', 'httpx']],
  ['uv', ['pytest'], true, ['uv', 'add', '--dev', '--', 'pytest']],
  ['cargo', ['serde@1'], false, ['cargo', 'add', '--', 'serde@1']],
  ['cargo', ['criterion'], true, ['cargo', 'add', '--dev', '--', 'criterion']],
  ['go', ['github.com/spf13/cobra@v1.8.0'], false, ['go', 'get', '--', 'github.com/spf13/cobra@v1.8.0']],
]

describe('buildInstallCommand', () => {
  test.each(argvCases)('%s %j dev=%s → %j', (manager, packages, dev, argv) => {
    const command = buildInstallCommand({manager, packages, dev})
    expect([command.file, ...command.args]).toEqual(argv)
  })

  test.each<[PackageManager]>([['pip'], ['go']])('%s has no dev dependencies: installs normally and says so', (manager) => {
    const name = manager === 'pip' ? 'pytest' : 'golang.org/x/tools'
    const withDev = buildInstallCommand({manager, packages: [name], dev: true})
    const withoutDev = buildInstallCommand({manager, packages: [name], dev: false})
    expect(withDev.args).toEqual(withoutDev.args)
    expect(withDev.note).toMatch(/no separate dev dependencies/u)
    expect(withoutDev.note).toBeUndefined()
  })

  test('refuses the whole request when any name is bad, naming each bad one and why', () => {
    const attempt = () => buildInstallCommand({manager: 'npm', packages: ['lodash', '--registry=http://evil', 'a b'], dev: false})
    let caught: unknown
    try {
      attempt()
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ToolError)
    const {why, hint} = caught as ToolError
    expect(why).toContain('"--registry=http://evil" starts with \'-\'')
    expect(why).toContain('"a b" contains whitespace')
    expect(why).not.toContain('"lodash"')
    expect(hint).toMatch(/lodash/u)
  })
})

const good: Array<[Ecosystem, string]> = [
  ['npm', 'lodash'],
  ['npm', 'left-pad'],
  ['npm', 'lodash.merge'],
  ['npm', '@types/node'],
  ['npm', '@types/node@20'],
  ['npm', '@babel/core@7.24.0'],
  ['npm', 'typescript@^5.4'],
  ['npm', 'react@>=18'],
  ['npm', 'next@canary'],
  ['npm', 'vue@3.x'],
  ['npm', 'JSONStream'],
  ['pypi', 'requests'],
  ['pypi', 'requests==2.31'],
  ['pypi', 'numpy>=1.26'],
  ['pypi', 'Django~=5.0'],
  ['pypi', 'scikit-learn'],
  ['pypi', 'zope.interface'],
  ['pypi', 'uvicorn[standard]'],
  ['pypi', 'pandas>=2.0,<3'],
  ['pypi', 'typing_extensions!=4.0.0'],
  ['crates', 'serde'],
  ['crates', 'serde@1'],
  ['crates', 'tokio@1.38.0'],
  ['crates', 'serde_json'],
  ['crates', 'rand@^0.8'],
  ['go', 'github.com/x/y@v1.2.3'],
  ['go', 'github.com/spf13/cobra'],
  ['go', 'golang.org/x/tools/cmd/goimports@latest'],
  ['go', 'rsc.io/quote/v3'],
  ['go', 'gopkg.in/yaml.v3'],
]

const bad: Array<[Ecosystem, string, RegExp]> = [
  ['npm', '--registry=http://evil', /starts with '-'/u],
  ['npm', '-e .', /whitespace/u],
  ['pypi', '-e', /starts with '-'/u],
  ['pypi', '-e .', /whitespace/u],
  ['npm', 'foo; rm -rf ~', /whitespace/u],
  ['npm', 'foo;rm', /metacharacter ";"/u],
  ['npm', '$(curl x)', /whitespace/u],
  ['npm', '$(id)', /metacharacter "\$"/u],
  ['npm', '`id`', /metacharacter "`"/u],
  ['npm', 'a&&b', /metacharacter "&"/u],
  ['pypi', 'requests|sh', /metacharacter "\|"/u],
  ['npm', 'git+ssh://git@github.com/x/y.git', /URL/u],
  ['npm', 'https://evil.example/pkg.tgz', /URL/u],
  ['npm', 'git@github.com:x/y.git', /URL|git/u],
  ['npm', 'file:../pkg', /URL|file/u],
  ['npm', 'github:user/repo', /URL/u],
  ['pypi', 'git+https://github.com/x/y', /URL/u],
  ['npm', '../local', /file path/u],
  ['npm', './pkg', /file path/u],
  ['npm', '/abs/pkg', /file path/u],
  ['npm', '~/pkg', /file path/u],
  ['go', './cmd/tool', /file path/u],
  ['npm', 'name with spaces', /whitespace/u],
  ['npm', 'tab\tname', /whitespace/u],
  ['npm', '', /empty/u],
  ['npm', '@scope/', /not an npm package name/u],
  ['npm', 'foo@', /not an npm package name/u],
  ['npm', 'foo@npm:bar', /not an npm package name/u],
  ['pypi', 'requests @ https://x/y.whl', /whitespace/u],
  ['pypi', 'requests;python_version<"3.8"', /metacharacter ";"/u],
  ['pypi', '.hidden', /file path/u],
  ['crates', '1serde', /not a crate name/u],
  ['crates', 'serde/derive', /not a crate name/u],
  ['go', 'cobra', /not a Go module path/u],
  ['go', 'github.com/x/y@none', /removes the module/u],
  ['npm', 'a'.repeat(215), /214/u],
]

describe('packageSpecProblem', () => {
  test.each(good)('%s accepts %s', (ecosystem, spec) => {
    expect(packageSpecProblem(ecosystem, spec)).toBeUndefined()
  })

  test.each(bad)('%s refuses %j', (ecosystem, spec, reason) => {
    expect(packageSpecProblem(ecosystem, spec)).toMatch(reason)
  })

  test('a name valid in one ecosystem can be invalid in another', () => {
    expect(packageSpecProblem('pypi', '@types/node')).toMatch(/not a PyPI requirement/u)
    expect(packageSpecProblem('crates', 'requests==2.31')).toMatch(/not a crate name/u)
    expect(packageSpecProblem('go', 'lodash')).toMatch(/not a Go module path/u)
  })
})
