// The public API for tool plugins: `import {defineTool, ToolError} from 'lillycoder'`.
export {defineTool} from './runtime/tool-declaration.js'
export type {Preview, Target, ToolContext, ToolDeclaration, ToolResult} from './runtime/tool-declaration.js'
export {ToolError} from './runtime/tool-error.js'
export type {ToolErrorDetails} from './runtime/tool-error.js'
