/** Why an uploaded archive was refused before its package was looked at: a stable code, a status, and the entry. */
export class ArchiveError extends Error {
  constructor(
    readonly status: 400 | 413,
    readonly code: string,
    message: string,
    readonly entry?: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

/** The caps an upload is unpacked under (from `core/platform/config.ts`). */
export interface ArchiveLimits {
  maxUnpackedBytes: number;
  maxFiles: number;
  maxFileBytes: number;
}

/** One entry as an archive format describes it, before any path rule is applied. */
export interface RawEntry {
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'device';
  data?: Buffer;
}

/** Counts files and bytes as entries are unpacked and refuses the first one over a cap. */
export class UnpackBudget {
  private files = 0;
  private bytes = 0;

  constructor(readonly limits: ArchiveLimits) {}

  /** The most bytes the next file may inflate to, and which cap that is. */
  nextFileCap(): { bytes: number; cap: 'file' | 'total' } {
    const remaining = this.limits.maxUnpackedBytes - this.bytes;
    return remaining < this.limits.maxFileBytes ? { bytes: remaining, cap: 'total' } : { bytes: this.limits.maxFileBytes, cap: 'file' };
  }

  /** Charges one file of `size` bytes. */
  addFile(path: string, size: number): void {
    this.files += 1;
    if (this.files > this.limits.maxFiles) throw new ArchiveError(413, 'archive_too_many_files', `The archive holds more than ${this.limits.maxFiles} files.`, path);
    if (size > this.limits.maxFileBytes) throw tooLarge('file', this.limits, path);
    this.bytes += size;
    if (this.bytes > this.limits.maxUnpackedBytes) throw tooLarge('total', this.limits, path);
  }
}

/** 413 for a file (or the whole archive) that unpacks past its cap. */
export function tooLarge(cap: 'file' | 'total', limits: ArchiveLimits, path?: string): ArchiveError {
  return cap === 'file'
    ? new ArchiveError(413, 'archive_file_too_large', `${path ?? 'A file'} unpacks to more than ${limits.maxFileBytes} bytes.`, path)
    : new ArchiveError(413, 'archive_unpacked_too_large', `The archive unpacks to more than ${limits.maxUnpackedBytes} bytes.`, path);
}

export function corrupt(message: string, entry?: string): ArchiveError {
  return new ArchiveError(400, 'archive_corrupt', message, entry);
}
