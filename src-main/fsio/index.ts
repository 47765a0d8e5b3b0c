// Safe file I/O for paths the admin names: only regular files are read (bounded) or replaced.
export type { FileKind } from './file-kind';
export { checkOutputTarget } from './output-target';
export { type BoundedReadOptions, FileTooLargeError, readBoundedFile } from './read-bounded';
