import {ToolError} from '../tools/tool-error.js'

export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn', 'bun', 'pip', 'uv', 'cargo', 'go'] as const
export type PackageManager = (typeof PACKAGE_MANAGERS)[number]

/** Where a manager's package names come from; names are validated per registry. */
export type Ecosystem = 'npm' | 'pypi' | 'crates' | 'go'

export interface InstallCommand {
  file: string
  args: string[]
  /** Said to the model when the request could not be followed exactly (e.g. no dev dependencies in pip). */
  note?: string
}

export interface InstallRequest {
  manager: PackageManager
  packages: readonly string[]
  dev: boolean
}

function ecosystemOf(manager: PackageManager): Ecosystem {
  if (manager === 'pip' || manager === 'uv') return 'pypi'
  if (manager === 'cargo') return 'crates'
  if (manager === 'go') return 'go'
  return 'npm'
}

/**
 * The argv that installs the packages, after every name passed validation. Names never start with
 * `-`; `--` ends the options too where the manager is known to honour it.
 */
export function buildInstallCommand({manager, packages, dev}: InstallRequest): InstallCommand {
  const problems = packages.flatMap((spec) => {
    const problem = packageSpecProblem(ecosystemOf(manager), spec)
    return problem ? [`${JSON.stringify(spec)} ${problem}`] : []
  })
  if (problems.length > 0) {
    throw new ToolError({
      what: `Refusing to install ${problems.length === 1 ? 'a package' : `${problems.length} packages`} with ${manager}`,
      why: problems.join('; '),
      hint: `pass plain registry names, optionally with a version: ${EXAMPLES[ecosystemOf(manager)]}`,
    })
  }

  const names = [...packages]
  switch (manager) {
    case 'npm':
      return {file: 'npm', args: ['install', ...(dev ? ['--save-dev'] : []), '--', ...names]}
    case 'pnpm':
      return {file: 'pnpm', args: ['add', ...(dev ? ['-D'] : []), ...names]}
    case 'yarn':
      return {file: 'yarn', args: ['add', ...(dev ? ['-D'] : []), ...names]}
    case 'bun':
      return {file: 'bun', args: ['add', ...(dev ? ['-d'] : []), ...names]}
    case 'pip':
      return {file: 'python3', args: ['-m', 'pip', 'install', '--', ...names], note: dev ? NO_DEV_NOTE('pip') : undefined}
    case 'uv':
      return {file: 'uv', args: ['add', ...(dev ? ['--dev'] : []), '--', ...names]}
    case 'cargo':
      return {file: 'cargo', args: ['add', ...(dev ? ['--dev'] : []), '--', ...names]}
    case 'go':
      return {file: 'go', args: ['get', '--', ...names], note: dev ? NO_DEV_NOTE('go') : undefined}
  }
}

const NO_DEV_NOTE = (manager: string) => `${manager} has no separate dev dependencies; installed as a normal dependency.`

const EXAMPLES: Record<Ecosystem, string> = {
  npm: '"lodash", "@types/node@20", "typescript@^5.4"',
  pypi: '"requests", "requests==2.31", "numpy>=1.26", "uvicorn[standard]"',
  crates: '"serde", "serde@1", "tokio@1.38"',
  go: '"github.com/spf13/cobra", "golang.org/x/sync@v0.7.0"',
}

const SHELL_METACHARACTERS = /[;&|$`'"(){}\\\n\r\t\0]/u

const NPM_NAME = String.raw`(?:@[a-z0-9~][a-z0-9._~-]*/)?[a-z0-9~][a-z0-9._~-]*`
// Versions, ranges and dist-tags without spaces: 1.2.3, ^5.4, >=1.0.0, 2.x, latest, next.
const NPM_SPEC = new RegExp(String.raw`^(${NPM_NAME})(?:@[a-z0-9.^~<>=*+_][a-z0-9.^~<>=*+_-]*)?$`, 'iu')
const PYPI_VERSION_CLAUSE = String.raw`(?:===|==|!=|~=|<=|>=|<|>)[a-z0-9.*+!_-]+`
// PEP 508 name, optional [extras], optional comma-separated specifiers; no URLs, no markers.
const PYPI_SPEC = new RegExp(
  String.raw`^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?(?:\[[a-z0-9._-]+(?:,[a-z0-9._-]+)*\])?(?:${PYPI_VERSION_CLAUSE}(?:,${PYPI_VERSION_CLAUSE})*)?$`,
  'iu',
)
// crates.io: a letter, then letters, digits, - and _ (64 at most); optional @version requirement.
const CRATE_SPEC = /^[a-z][a-z0-9_-]{0,63}(?:@[a-z0-9.^~<>=*+-]+)?$/iu
// A module path starts with a domain (it has a dot); elements have no leading, trailing or double dots.
const GO_SPEC = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/[a-z0-9_~-]+(?:\.[a-z0-9_~-]+)*)*(?:@[a-z0-9._+-]+)?$/iu

/** Why `spec` is not a plain registry package name for the ecosystem, or undefined when it is one. */
export function packageSpecProblem(ecosystem: Ecosystem, spec: string): string | undefined {
  if (spec.length === 0) return 'is empty'
  if (/\s/u.test(spec)) return 'contains whitespace'
  if (spec.startsWith('-')) return "starts with '-', so the package manager would read it as an option"
  if (/^[a-z][a-z0-9+.-]*:/iu.test(spec) || spec.startsWith('git@')) return 'is a URL or a git/file source, not a registry name'
  if (/^[./~]/u.test(spec) || spec.includes('..')) return 'looks like a file path, not a registry name'
  const metacharacter = SHELL_METACHARACTERS.exec(spec)
  if (metacharacter) return `contains the shell metacharacter ${JSON.stringify(metacharacter[0])}`

  switch (ecosystem) {
    case 'npm': {
      const match = NPM_SPEC.exec(spec)
      if (!match) return 'is not an npm package name (name or @scope/name, optionally @version)'
      if (match[1].length > 214) return 'is longer than the 214 characters npm allows'
      return undefined
    }
    case 'pypi':
      return PYPI_SPEC.test(spec) ? undefined : 'is not a PyPI requirement (name, optional [extras], optional ==/>=/~= versions)'
    case 'crates':
      return CRATE_SPEC.test(spec) ? undefined : 'is not a crate name (letters, digits, - and _, optionally @version)'
    case 'go':
      if (!GO_SPEC.test(spec)) return 'is not a Go module path (domain/path, optionally @version)'
      if (/@none$/iu.test(spec)) return 'asks for version "none", which removes the module instead of installing it'
      return undefined
  }
}
