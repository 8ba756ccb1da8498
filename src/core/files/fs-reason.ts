/** Plain words for the file-system errors a user can fix (a read-only mount, a full disk, a typo). */
const reasons: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'the file system does not allow it',
  EROFS: 'read-only file system',
  ENOTDIR: 'part of the path is a file, not a directory',
  EISDIR: 'it is a directory',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENAMETOOLONG: 'the name is too long for the file system',
  EIO: 'input/output error (a failing disk or a vanished mount)',
  ENXIO: 'the device is gone',
  ENODEV: 'the device is gone',
};

/** The reason for a file-system error a user can act on; undefined for anything else (a bug, a network error). */
export function fsReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? reasons[code] : undefined;
}
