/**
 * Node's file-system errors ("EISDIR: illegal operation on a directory, read") name neither the path a
 * person gave nor what nnlab wanted from it. These turn one into a line that says both.
 */

/** What each code means, said as the problem with the path (after "<path>: "). */
const REASONS: Record<string, string> = {
  ENOENT: "no such file or folder",
  EISDIR: "is a folder; expected a file",
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "already exists (as a file where a folder was expected, or the reverse)",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is used up",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links (a link loop?)",
  EMFILE: "too many open files",
  EBUSY: "the file is busy",
  EINVAL: "not a valid path for this operation",
  // /dev/stdin of a process whose standard input is a socket (Node's child processes' pipes) cannot be opened
  ENXIO: "no such device or address (a socket, or a device that is not there: save the data to a file first)",
  ESPIPE: "cannot seek in it (a pipe: save the data to a file first)",
};

export interface FsErrorLike {
  code: string;
  path?: string;
  dest?: string;
  syscall?: string;
}

/** Whether `error` is one of Node's file-system errors with a code that REASONS explains. */
export function isFsError(error: unknown): error is Error & FsErrorLike {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && code in REASONS && typeof (error as { syscall?: unknown }).syscall === "string";
}

/**
 * "<path>: <reason>" for a file-system error, e.g. "runs: already exists ... (mkdir)"; `path`
 * overrides the error's own (which may be a temporary file's), `doing` says what nnlab was doing
 * ("cannot write the predictions"). Returns null for anything that is not such an error.
 */
export function describeFsError(error: unknown, path?: string, doing?: string): string | null {
  if (!isFsError(error)) return null;
  const where = path ?? error.path ?? "(unknown path)";
  const what = doing ? `${doing}: ` : "";
  return `${where}: ${what}${REASONS[error.code]} (${error.code} from ${error.syscall})`;
}
