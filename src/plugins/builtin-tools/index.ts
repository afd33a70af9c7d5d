import type {ToolDeclaration} from '../../runtime/tools/tool-declaration.js'
import bash from './bash.js'
import deleteFile from './delete-file.js'
import editFile from './edit-file.js'
import findFiles from './find-files.js'
import grep from './grep.js'
import installPackage from './install-package.js'
import listDir from './list-dir.js'
import moveFile from './move-file.js'
import readFile from './read-file.js'
import writeFile from './write-file.js'

/** Every builtin tool, in the order the model sees them: look first, then change, then run. */
export const builtinTools: ToolDeclaration[] = [
  readFile,
  listDir,
  findFiles,
  grep,
  writeFile,
  editFile,
  moveFile,
  deleteFile,
  bash,
  installPackage,
]
