// Formatting: mkfs and its kin, and the tools that erase or wipe a whole disk.

import {literalWord} from '../shell-parse/shell-words.js'
import {operands} from '../shell-classify/command-options.js'
import {isDevice} from './device-write-rules.js'
import {deny, type Finding, onlyAsksForHelp, type Rule, shown} from './hazard-finding.js'
import type {Invocation} from '../shell-classify/invocation.js'

export const formatting: Rule = (invocation, args, env) =>
  onlyAsksForHelp(args, env) ? [] : [deny('filesystem-format', `formatting a file system (${shown(invocation)})`)]

function erasing(invocation: Invocation): Finding[] {
  return [deny('filesystem-format', `erasing a disk (${shown(invocation)})`)]
}

/** Commands that format, erase or wipe a disk; `mkfs.*` and `newfs_*` are matched by name pattern. */
export const FORMAT_RULES: Record<string, Rule> = {
  diskutil: (invocation, args, env) =>
    /^(erase|partitiondisk|zerodisk|randomdisk|secureerase|reformat)/i.test(env.text(args[0] ?? literalWord('')) ?? '') ? erasing(invocation) : [],
  ...Object.fromEntries(['mke2fs', 'mkdosfs', 'mkntfs', 'mkexfatfs', 'mkudffs', 'mkreiserfs', 'mkjfs'].map((name) => [name, formatting])),
  mkswap: (invocation, args, env) =>
    operands(args, env.text, {short: 'LUpc'}).some((word) => isDevice(word, env)) ? formatting(invocation, args, env) : [],
  wipefs: (invocation, args, env) =>
    args.some((word) => /^(-[^-]*[ao]|--all|--offset)/.test(env.text(word) ?? '')) ? [deny('filesystem-format', `wiping a disk (${shown(invocation)})`)] : [],
  nvme: (invocation, args, env) => (['format', 'sanitize'].includes(env.text(args[0] ?? literalWord('')) ?? '') ? erasing(invocation) : []),
  cryptsetup: (invocation, args, env) =>
    args.some((word) => ['luksformat', 'erase', 'lukserase'].includes((env.text(word) ?? '').toLowerCase())) ? erasing(invocation) : [],
}
