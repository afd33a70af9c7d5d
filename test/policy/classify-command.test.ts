import {describe, expect, test} from '@jest/globals'
import {classifyCommand} from '../../src/policy/classify-command.js'
import {parseShell, simpleCommands} from '../../src/policy/edge/parse-shell.js'
import {allowCases, denyCases, suspicious} from './hazard-corpus.js'

// The workspace and home every case is classified against: `..` chains and `~` resolve here.
const ctx = {cwd: '/work/project', home: '/home/dev'}

async function classify(command: string) {
  return classifyCommand(await parseShell(command), ctx)
}

describe('the corpus', () => {
  test('has at least 150 deny and 150 allow cases, none listed twice', () => {
    expect(denyCases.length).toBeGreaterThanOrEqual(150)
    expect(allowCases.length).toBeGreaterThanOrEqual(150)
    const all = [...denyCases, ...allowCases].map(([, command]) => command)
    expect(new Set(all).size).toBe(all.length)
  })
})

describe('denied', () => {
  test.each(denyCases)('%s: %j', async (hazard, command) => {
    const result = await classify(command)
    expect(result).toMatchObject({denied: true, hazard})
    if (result.denied) expect(result.reason).toMatch(/^refused: [^\n]+ is never run by lillycoder$/)
  })
})

describe('allowed (near misses)', () => {
  test.each(allowCases)('%s: %j', async (_group, command) => {
    expect(await classify(command)).toEqual(expect.objectContaining({denied: false}))
  })
})

describe('suspicious: not denied, but never allowed by a rule', () => {
  test.each(suspicious)('%j', async (command) => {
    const result = await classify(command)
    expect(result.denied).toBe(false)
    expect(result).toHaveProperty('suspicious', expect.any(String))
  })

  test('a plain command is not suspicious', async () => {
    expect(await classify('npm test && git status')).toEqual({denied: false})
  })
})

describe('command names that are also Object.prototype keys', () => {
  // The rule and wrapper tables are looked up by command name: these must find nothing there, and not throw.
  const names = ['constructor', '__proto__', 'valueOf', 'toString', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', '__defineGetter__']
  const plain = names.flatMap((name) => [name, `${name} x`, `${name} sudo ls`, `bash "${name} x"`, `nohup ${name} -n 1`, `env ${name}`, `bash -c '${name} x'`])
  const thenSudo = names.flatMap((name) => [`${name}; sudo ls`, `${name} x && sudo ls`, `env ${name} | sudo tee /etc/x`, `bash -c '${name}; sudo -i'`])

  test.each(plain)('%j is a plain command: not denied, not suspicious', async (command) => {
    expect(await classify(command)).toEqual({denied: false})
  })

  test.each(thenSudo)('%j still denies the sudo on the same line', async (command) => {
    expect(await classify(command)).toMatchObject({denied: true, hazard: 'privilege-escalation'})
  })
})

describe('reasons', () => {
  test.each([
    ['sudo ls', 'refused: privilege escalation (sudo) is never run by lillycoder'],
    ['rm -rf ~', 'refused: recursive deletion of your home directory /home/dev (rm -rf ~) is never run by lillycoder'],
    ['cd / && rm -rf *', 'refused: recursive deletion of everything in the root directory / (rm -rf *) is never run by lillycoder'],
    ['dd if=x of=/dev/sdb', 'refused: writing to the device /dev/sdb (dd if=x of=/dev/sdb) is never run by lillycoder'],
  ])('%j → %s', async (command, reason) => {
    expect(await classify(command)).toEqual({denied: true, hazard: expect.any(String), reason})
  })
})

describe('parseShell', () => {
  test('lists every simple command, with quote removal and dynamic words flagged', async () => {
    const parsed = await parseShell('FOO=1 "ec"\'ho\' $HOME/x && (cd /tmp; ls "$(pwd)") | wc -l > out.txt')
    expect(parsed.hasErrors).toBe(false)
    expect(simpleCommands(parsed).map((command) => command.argv)).toEqual([
      ['echo', '$HOME/x'],
      ['cd', '/tmp'],
      ['ls', '$(pwd)'],
      ['pwd'],
      ['wc', '-l'],
    ])
    const [echo, cd, ls, , wc] = parsed.commands
    expect(echo?.assignments.map((assignment) => assignment.name)).toEqual(['FOO'])
    expect(echo?.argv[1]?.dynamic).toBe(true)
    expect(cd?.scope).toBe(ls?.scope)
    expect(cd?.scope).not.toBe(echo?.scope)
    expect(wc?.redirects.map((redirect) => [redirect.operator, redirect.target?.text])).toEqual([['>', 'out.txt']])
    expect(wc?.pipeline).toMatchObject({index: 1, size: 2})
  })

  test('parses the script of bash -c again and keeps it beside the command', async () => {
    const parsed = await parseShell(`bash -c 'git add . && git commit -m "x"'`)
    expect(parsed.commands[0]?.nested.map((nested) => nested.script)).toEqual(['git add . && git commit -m "x"'])
    expect(simpleCommands(parsed).map((command) => command.argv[0])).toEqual(['bash', 'git', 'git'])
  })

  test('marks a parse with errors and still finds its commands', async () => {
    const parsed = await parseShell('if true; then sudo ls')
    expect(parsed.hasErrors).toBe(true)
    expect(parsed.fallback?.some((command) => command.argv[0]?.text === 'sudo')).toBe(true)
  })

  test('unrolls a for loop over fixed words, so the body is seen with each value', async () => {
    const parsed = await parseShell('for d in a b; do rm -r "$d"; done')
    expect(parsed.commands.map((command) => command.text)).toEqual(['d=a', 'rm -r "$d"', 'd=b', 'rm -r "$d"'])
    expect(simpleCommands(parsed).map((command) => command.text)).toEqual(['rm -r "$d"'])
  })

  test('a bare redirection is a command with no words', async () => {
    const parsed = await parseShell('> out.txt')
    expect(parsed.commands).toHaveLength(1)
    expect(parsed.commands[0]?.argv).toEqual([])
    expect(parsed.commands[0]?.redirects[0]?.target?.text).toBe('out.txt')
  })

  test('syntax nested deeper than anyone writes is an error, and the tokeniser still sees the words', async () => {
    const parsed = await parseShell(`echo ${'$('.repeat(300)}sudo ls${')'.repeat(300)}`)
    expect(parsed.hasErrors).toBe(true)
    expect(parsed.fallback?.map((command) => command.argv.map((word) => word.text))).toContainEqual(['sudo', 'ls'])
  })

  test('$(echo …), $(pwd) and ${VAR:-default} keep what the classifier needs to resolve them', async () => {
    const parsed = await parseShell('ls $(echo /tmp) $(pwd) ${DIR:-/srv} ${HOME%/}')
    expect(parsed.commands[0]?.argv.slice(1).map((word) => word.parts[0])).toEqual([
      {kind: 'substitution', text: '$(echo /tmp)', value: '/tmp'},
      {kind: 'variable', name: 'PWD', text: '$(pwd)'},
      {kind: 'variable', name: 'DIR', text: '${DIR:-/srv}', operator: ':-', operand: '/srv'},
      {kind: 'variable', name: 'HOME', text: '${HOME%/}', operator: '%', operand: '/'},
    ])
  })

  test('expands braces, tildes stay unexpanded but marked, and ANSI-C strings are decoded', async () => {
    const parsed = await parseShell("rm a{1,2}.txt ~/x '~/y' $'a\\tb'")
    const words = parsed.commands[0]?.argv ?? []
    expect(words.map((word) => word.text)).toEqual(['rm', 'a1.txt', 'a2.txt', '~/x', '~/y', 'a\tb'])
    expect(words[3]?.parts[0]).toEqual({kind: 'tilde', user: ''})
    expect(words[4]?.parts[0]).toMatchObject({kind: 'literal', quoted: true})
  })
})

describe('robustness', () => {
  // A fixed-seed generator of shell-ish noise: the classifier must answer, never throw.
  const pieces = ['sudo', 'rm', '-rf', '/', '~', '$HOME', '${X:-/}', '$(', ')', '`', '"', "'", '\\', ';', '&&', '|', '&', '\n', '{', '}', '(', '<<EOF\n', 'EOF\n', '*', '[', '$\'\\x41\'', 'bash -c ', 'eval ', 'xargs ', 'find / -exec ', '{}', '\\;', '> /dev/sda', ' ', 'cd ', '..', 'for x in a b; do ', 'done', 'f(){ ', 'f|f& }', '$((1+', '${x%/*}', '{a,b}', '{1..300}', '#', 'x=']
  let seed = 7
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const noise = Array.from({length: 300}, () =>
    Array.from({length: 1 + Math.floor(next() * 12)}, () => pieces[Math.floor(next() * pieces.length)]).join(''),
  )

  test('classifies 300 random command lines without throwing, every answer well-formed', async () => {
    for (const command of noise) {
      const result = await classify(command)
      if (result.denied) expect(result.reason).toMatch(/^refused: [^\n]+ is never run by lillycoder$/)
      else expect(result.suspicious === undefined || result.suspicious.length > 0).toBe(true)
    }
  })

  test('brace expansion is capped, not exponential', async () => {
    const parsed = await parseShell(`echo ${'{a,b}'.repeat(40)}`)
    expect(parsed.commands[0]?.argv.length).toBeLessThanOrEqual(257)
  })
})
