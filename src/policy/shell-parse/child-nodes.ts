import type {Node} from 'web-tree-sitter'

/** A node's children, without the nulls web-tree-sitter's typings allow for. */
export function childNodes(node: Node): Node[] {
  return node.children.filter((child): child is Node => child !== null)
}
