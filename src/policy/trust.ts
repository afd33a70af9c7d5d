// What trust means, without the disk: the store's shape and the pure operations on it. edge/trust-store.ts reads and writes it.

/** A project config file whose allow rules the user accepted, pinned to the content they saw. */
export interface TrustedFile {
  path: string
  sha256: string
  trustedAt: string
}

export interface TrustStore {
  version: 1
  files: TrustedFile[]
}

export const EMPTY_TRUST_STORE: TrustStore = {version: 1, files: []}

export function isTrusted(store: TrustStore, file: string, sha256: string): boolean {
  return store.files.some((entry) => entry.path === file && entry.sha256 === sha256)
}

/** Trusts `file` as it is now; an earlier trust of other content is replaced. */
export function trust(store: TrustStore, file: string, sha256: string, at: Date): TrustStore {
  return {version: 1, files: [...store.files.filter((entry) => entry.path !== file), {path: file, sha256, trustedAt: at.toISOString()}]}
}

export function untrust(store: TrustStore, file: string): {store: TrustStore; removed: boolean} {
  const files = store.files.filter((entry) => entry.path !== file)
  return {store: {version: 1, files}, removed: files.length !== store.files.length}
}
