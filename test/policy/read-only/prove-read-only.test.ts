import {describe, expect, test} from '@jest/globals'

import {parseShell} from '../../../src/policy/edge/parse-shell.js'
import {proveReadOnly} from '../../../src/policy/read-only/prove-read-only.js'
import {denyCases, suspicious} from '../hazard-corpus.js'

async function prove(command: string) {
  return proveReadOnly(await parseShell(command))
}

// Proven read-only: what the person would have said yes to anyway.
const proven: Array<[command: string, why: string]> = [
  ['ls -la', 'a listing'],
  ['ls', 'no operands at all'],
  ['cat README.md', 'a file inside the workspace'],
  ['head -n 20 src/index.ts', 'an option with a value'],
  ['tail -n5 log.txt', 'a short option with its value attached'],
  ['wc -l *.ts', 'a glob, expanded and checked at the edge'],
  ['ls -la src/*.ts', 'a glob under a directory'],
  ['rg TODO src', 'ripgrep without --pre'],
  ['rg -n "a|b" --glob "*.ts"', 'ripgrep with a quoted glob option'],
  ['grep -rn foo .', 'recursive grep does not follow symlinks'],
  ['grep -e "^/usr" notes.txt', 'a pattern after -e is not a path'],
  ["find . -name '*.ts' -type f", 'find without -exec, -delete or -fprint'],
  ['find src -newer package.json -print', 'find with tests that only read'],
  ['git status', 'git status'],
  ['git status --short', 'git status with options'],
  ['git diff HEAD~1 -- src', 'git diff of a revision, paths after --'],
  ['git diff --no-ext-diff --stat', 'git diff turning the external diff off'],
  ['git log --oneline -5', 'git log'],
  ['git log --output-indicator-new=+ -p', 'an option that only starts like --output'],
  ['git show HEAD:README.md', 'git show of a blob'],
  ['git --no-pager log -p', 'the one global option that only keeps git from paging'],
  ['git branch -a', 'listing branches'],
  ['git tag -l "v1*"', 'listing tags'],
  ['git stash list', 'listing stashes'],
  ['git blame src/a.ts', 'git blame'],
  ['git ls-files', 'git ls-files'],
  ['ls 2>/dev/null', 'stderr discarded'],
  ['ls nothing &>/dev/null', 'both streams discarded'],
  ['git diff 2>&1 | head -50', 'a descriptor duplicated, then a pipe'],
  ['cat a.txt | sort | uniq -c | sort -rn | head', 'a pipeline of filters'],
  ['ls && git status; pwd', 'a list: every part read-only'],
  ['(ls; pwd) || echo none', 'a subshell'],
  ['if test -f a; then cat a; else echo missing; fi', 'an if statement'],
  ['! grep -q foo a.txt', 'a negated command'],
  ['cat <<EOF\nhi\nEOF', 'a here-document'],
  ["cat <<'EOF'\n$(rm -rf x)\nEOF", 'a quoted here-document: its body is text'],
  ['grep x <<< "hello"', 'a here-string'],
  ['wc -l < notes.txt', 'input from a file inside'],
  ['echo "sudo is a word"', 'echo prints'],
  ['echo /etc/passwd', "echo's operands are text, not files"],
  ['sort -k2 -t: data.txt', 'sort without -o'],
  ['date +%Y-%m-%d', 'date printing'],
  ['stat -c %s package.json', 'stat'],
  ["'ls' -la", 'a quoted program name'],
  ['\\ls', 'an escaped program name'],
]

// Look-alikes: each would write, run another program, or read where read_file would ask.
const notProven: Array<[command: string, why: RegExp]> = [
  ['ls > out.txt', /> out.txt writes to a file/],
  ['ls >> log', />> log writes to a file/],
  ['cat a 1>out', /writes to a file/],
  ['ls >&out', /writes to a file/],
  ['ls 2>err.log', /writes to a file/],
  ['cat <> file', /could not be parsed/],
  ['> out.txt', /writes to a file/],
  ['touch x', /touch is not a program known to only read/],
  ['rm -rf build', /rm is not/],
  ['mkdir x', /mkdir is not/],
  ['find . -exec rm {} \\;', /find -exec/],
  ['find . -execdir ls \\;', /find -execdir/],
  ['find . -ok rm {} \\;', /find -ok/],
  ['find . -okdir rm {} \\;', /find -okdir/],
  ['find . -delete', /find -delete/],
  ['find . -fprint out', /find -fprint/],
  ['find . -fprintf out %p', /find -fprintf/],
  ['find . -fls out', /find -fls/],
  ['find -L .', /find -L/],
  ['find . -follow', /find -follow/],
  ['sort -o out.txt in.txt', /sort -o/],
  ['sort -uo out in', /sort -uo/],
  ['sort --output=x in', /sort --output=x/],
  ['sort --out=x in', /sort --out=x/],
  ['sort --compress-program=sh in', /--compress-program/],
  ['uniq in out', /uniq with two operands/],
  ['tree -o out', /tree -o/],
  ['tree -R -H .', /tree -R/],
  ['du -L', /du -L/],
  ['grep -R foo .', /grep -R/],
  ['grep --dereference-recursive foo', /dereference-recursive/],
  ['ls -L', /ls -L/],
  ['ls -laR --dereference', /--dereference/],
  ['diff -r a b', /diff -r/],
  ['file -C -m magic', /file -C/],
  ['file -f names.txt', /file -f/],
  ['find -files0-from list.txt', /find -files0-from/],
  ['{ ls; } > out', /> out writes to a file/],
  ['(ls) > out', /> out writes to a file/],
  ['if true; then ls; fi > out', /> out writes to a file/],
  ['ls | cat > out', /> out writes to a file/],
  ['sha256sum -c sums', /sha256sum -c/],
  ['wc --files0-from=list', /--files0-from/],
  ['date -s 12:00', /date -s/],
  ['date 0101000026', /sets the clock/],
  ['hostname evil', /hostname with an operand/],
  ['rg --pre sh foo', /rg --pre/],
  ['rg --pre=./x foo', /rg --pre=/],
  ['rg -L foo', /rg -L/],
  ['rg -z foo', /rg -z/],
  ['rg --hostname-bin=./x foo', /--hostname-bin/],
  ['git diff --output=patch', /--output=patch writes a file/],
  ['git diff --outp=patch', /--outp=patch/],
  ['git log --ext-diff', /--ext-diff/],
  ['git show --textconv HEAD:a', /--textconv/],
  ['git cat-file --filters HEAD:x', /--filters/],
  ['git grep -O foo', /git grep -O/],
  ['git grep --open-files-in-pager=vi foo', /open-files-in-pager/],
  ['git -c core.pager=sh log', /git -c changes how git runs/],
  ['git --exec-path=. status', /--exec-path/],
  ['git -C .. status', /git -C/],
  ['git --git-dir=x status', /--git-dir/],
  ['git --work-tree=/ status', /--work-tree/],
  ['git -p log', /git -p/],
  ['git', /without a subcommand/],
  ['git branch new-branch', /git branch new-branch may change/],
  ['git branch -D main', /git branch -D/],
  ['git tag v1', /creates a tag/],
  ['git tag -d v1 -l', /git tag -d/],
  ['git remote add x y', /git remote add/],
  ['git stash', /git stash other than/],
  ['git checkout .', /git checkout is not known/],
  ['git push', /git push is not known/],
  ['git config --list', /git config is not known/],
  ['less README.md', /less is not/],
  ['more README.md', /more is not/],
  ['man ls', /man is not/],
  ['awk "{print}" a', /awk is not/],
  ['sed -n p a', /sed is not/],
  ['tee out', /tee is not/],
  ['ls | tee out', /tee is not/],
  ['ls | xargs rm', /xargs is not/],
  ['env ls', /env is not/],
  ['printenv', /printenv is not/],
  ['jq -n env', /jq is not/],
  ['command ls', /command is not/],
  ['exec ls', /exec is not/],
  ['eval ls', /runs a script/],
  ['bash -c ls', /runs a script/],
  ['sh -c "ls"', /runs a script/],
  ['source x', /source is not/],
  ['. x', /\. is not/],
  ['cd / && ls', /cd is not/],
  ['PAGER=less git log', /sets a variable/],
  ['GIT_EXTERNAL_DIFF=./x git diff', /sets a variable/],
  ['LESSOPEN="|sh %s" cat a', /sets a variable/],
  ['x=1', /sets a variable/],
  ['x=-delete; find . $x', /sets a variable|only known when/],
  ['export PAGER=sh', /sets a variable/],
  ['ls $(pwd)', /only known when the command runs/],
  ['ls `pwd`', /only known when the command runs/],
  ['cat $(echo a)', /only known when/],
  ['echo $((1+1))', /only known when/],
  ['diff <(ls) <(ls b)', /only known when/],
  ['cat <<EOF\n$(rm -rf x)\nEOF', /rm is not/],
  ['grep x <<< "$(touch y)"', /touch is not/],
  ['echo $HOME', /only known when/],
  ['cat $HOME/.bashrc', /only known when/],
  ['cat ~/.ssh/id_rsa', /names a home directory/],
  ['cat /etc/passwd', /reads \/etc\/passwd, outside the workspace/],
  ['cat ../secret', /climbs out with \.\./],
  ['cat sub/../../x', /climbs out/],
  ['grep -f/etc/shadow a', /outside the workspace/],
  ['grep --file=/etc/shadow a', /outside the workspace/],
  ['cat -- /etc/passwd', /outside the workspace/],
  ['wc -l < /etc/passwd', /outside the workspace/],
  ['find / -name x', /outside the workspace/],
  ['git diff --no-index /etc/passwd a', /outside the workspace/],
  ['ls &', /background/],
  ['f() { ls; }; f', /defines a function/],
  ['/bin/ls', /named by its path/],
  ['./ls', /named by its path/],
  ['$CMD -la', /only known when/],
  ['echo "unterminated', /could not be parsed/],
  ['for f in a b; do cat $f; done', /sets a variable/],
  ['((x = 1))', /runs no command/],
  ["cat *'*'", /mixes quoted and unquoted glob/],
]

describe('proven read-only', () => {
  test.each(proven)('%j: %s', async (command) => {
    expect(await prove(command)).toMatchObject({proven: true})
  })
})

describe('look-alikes: not proven, with the reason', () => {
  test.each(notProven)('%j', async (command, why) => {
    const verdict = await prove(command)
    expect(verdict.proven).toBe(false)
    if (!verdict.proven) expect(verdict.why).toMatch(why)
  })
})

describe('what the edge is left to check', () => {
  test.each<[string, string[], string[], boolean]>([
    ['cat a.txt b.txt', ['a.txt', 'b.txt'], [], false],
    ['wc -l *.ts src/*.js', [], ['*.ts', 'src/*.js'], false],
    ["find . -name '*.ts'", ['.', '*.ts'], [], false],
    ['grep --file=pats.txt x', ['pats.txt', 'x'], [], false],
    ['wc -l < notes.txt', ['notes.txt'], [], false],
    ['echo a b', [], [], false],
    ['git diff -- src', ['diff', 'src'], [], true],
    ['ls -la', [], [], false],
    ['grep -fsub/pats.txt x', ['sub/pats.txt', 'x'], [], false],
  ])('%j reads %j, globs %j, git %s', async (command, paths, globs, usesGit) => {
    expect(await prove(command)).toEqual({proven: true, paths, globs, usesGit})
  })
})

describe('the hard-deny corpus', () => {
  test.each(denyCases)('%s: %j is never proven read-only', async (_hazard, command) => {
    expect((await prove(command)).proven).toBe(false)
  })

  test.each(suspicious)('suspicious %j is never proven read-only', async (command) => {
    expect((await prove(command)).proven).toBe(false)
  })
})
