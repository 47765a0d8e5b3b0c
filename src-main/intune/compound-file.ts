import type { FileHandle } from 'node:fs/promises';

import { AppError } from '../shared';

// A compound file (MS-CFB) read by positional reads: only the header, the FAT, the directory and
// the streams asked for are read, so a 1 GiB MSI (its cabinet is one big stream) costs a few MiB.
// `cfb` parses the same format but loads and re-concatenates the whole file (2–3× its size in
// memory), which breaks the flat-memory promise of `lob-package`; the tests use it as an
// independent oracle for this reader.

const SIGNATURE = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const HEADER_LENGTH = 512;
const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const NOSTREAM = 0xffffffff;
const DIRECTORY_ENTRY = 128;
const MINI_SECTOR = 64;
/** Streams below this size live in the mini stream (fixed by MS-CFB 2.2). */
const MINI_STREAM_CUTOFF = 4096;
const TYPE_STREAM = 2;
const TYPE_ROOT = 5;
/** Upper bound for the directory: an MSI has a few hundred entries, not millions. */
const MAX_DIRECTORY_ENTRIES = 65_536;

/** A problem with the container; `reason` becomes part of the message key `intune.msi.<reason>`. */
function corrupt(label: string, detail: string): AppError {
  return new AppError('invalid-input', 'intune.msi.corrupt', { file: label, detail });
}

function truncated(label: string): AppError {
  return new AppError('invalid-input', 'intune.msi.truncated', { file: label });
}

export interface StreamEntry {
  /** The name as stored (UTF-16 code units; MSI table names are encoded, see msi-names.ts). */
  readonly name: string;
  readonly start: number;
  readonly size: number;
}

/** A compound file opened for reading; the caller owns the handle. */
export class CompoundFile {
  private miniStream: Buffer | null = null;

  private constructor(
    private readonly handle: FileHandle,
    private readonly label: string,
    private readonly fileSize: number,
    private readonly sectorSize: number,
    private readonly fat: Uint32Array,
    private readonly miniFat: Uint32Array,
    private readonly root: StreamEntry,
    /** The streams directly under the root storage, by stored name. */
    readonly streams: ReadonlyMap<string, StreamEntry>,
  ) {}

  /**
   * Reads the header, FAT, mini FAT and directory. Refuses (localized AppError) a file that is
   * not a compound file (`intune.msi.notCompound`), one cut short (`intune.msi.truncated`) and
   * inconsistent structures (`intune.msi.corrupt`).
   */
  static async open(handle: FileHandle, label: string): Promise<CompoundFile> {
    const fileSize = (await handle.stat()).size;
    const header = Buffer.alloc(HEADER_LENGTH);
    const { bytesRead } = await handle.read(header, 0, HEADER_LENGTH, 0);
    if (bytesRead < SIGNATURE.length || !header.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
      throw new AppError('invalid-input', 'intune.msi.notCompound', { file: label });
    }
    if (bytesRead < HEADER_LENGTH) throw truncated(label);
    const major = header.readUInt16LE(0x1a);
    const shift = header.readUInt16LE(0x1e);
    if (!((major === 3 && shift === 9) || (major === 4 && shift === 12))) {
      throw corrupt(label, `version ${major}, sector shift ${shift}`);
    }
    if (header.readUInt16LE(0x20) !== 6) throw corrupt(label, 'mini sector shift');
    const sectorSize = 1 << shift;
    const sectorCount = Math.ceil(Math.max(0, fileSize - sectorSize) / sectorSize);
    const fatSectorCount = header.readUInt32LE(0x2c);
    const firstDirectory = header.readUInt32LE(0x30);
    const firstMiniFat = header.readUInt32LE(0x3c);
    const miniFatCount = header.readUInt32LE(0x40);
    let difatSector = header.readUInt32LE(0x44);
    const difatCount = header.readUInt32LE(0x48);
    if (fatSectorCount === 0 || fatSectorCount > sectorCount + 1) throw truncated(label);

    const reader = new SectorReader(handle, label, fileSize, sectorSize);
    const fatSectors: number[] = [];
    for (let i = 0; i < 109 && fatSectors.length < fatSectorCount; i += 1) {
      fatSectors.push(header.readUInt32LE(0x4c + 4 * i));
    }
    const perSector = sectorSize / 4;
    for (let seen = 0; fatSectors.length < fatSectorCount; seen += 1) {
      if (seen >= difatCount || difatSector >= ENDOFCHAIN) throw corrupt(label, 'DIFAT chain too short');
      const sector = await reader.sector(difatSector);
      for (let i = 0; i < perSector - 1 && fatSectors.length < fatSectorCount; i += 1) {
        fatSectors.push(sector.readUInt32LE(4 * i));
      }
      difatSector = sector.readUInt32LE(sectorSize - 4);
    }
    const fatBytes = Buffer.alloc(fatSectorCount * sectorSize);
    // FAT sectors are usually contiguous: one read per run (a 1 GiB MSI has 16 384 of them).
    for (let index = 0; index < fatSectors.length;) {
      const first = fatSectors[index] ?? 0;
      let run = 1;
      while (index + run < fatSectors.length && fatSectors[index + run] === first + run) run += 1;
      await reader.sectorsInto(first, run, fatBytes, index * sectorSize);
      index += run;
    }
    const fat = toEntries(fatBytes);
    const chainReader = (start: number, size: number): Promise<Buffer> =>
      reader.chain(fat, start, size, sectorCount);

    const directory = await reader.chain(fat, firstDirectory, null, sectorCount);
    const entries = Math.min(directory.length / DIRECTORY_ENTRY, MAX_DIRECTORY_ENTRIES);
    const entry = (
      index: number,
    ): StreamEntry & { type: number; left: number; right: number; child: number } => {
      const at = index * DIRECTORY_ENTRY;
      const nameBytes = Math.min(directory.readUInt16LE(at + 0x40), 64);
      const low = directory.readUInt32LE(at + 0x78);
      const high = major === 4 ? directory.readUInt32LE(at + 0x7c) : 0;
      return {
        name: directory.toString('utf16le', at, at + Math.max(0, nameBytes - 2)),
        type: directory.readUInt8(at + 0x42),
        left: directory.readUInt32LE(at + 0x44),
        right: directory.readUInt32LE(at + 0x48),
        child: directory.readUInt32LE(at + 0x4c),
        start: directory.readUInt32LE(at + 0x74),
        size: high * 2 ** 32 + low,
      };
    };
    if (entries < 1) throw corrupt(label, 'empty directory');
    const root = entry(0);
    if (root.type !== TYPE_ROOT) throw corrupt(label, 'no root entry');

    // The root's children form a red-black tree; walk it iteratively, each entry once.
    const streams = new Map<string, StreamEntry>();
    const visited = new Set<number>();
    const pending = [root.child];
    while (pending.length > 0) {
      const index = pending.pop() ?? NOSTREAM;
      if (index === NOSTREAM) continue;
      if (index >= entries || visited.has(index)) throw corrupt(label, 'directory tree');
      visited.add(index);
      const child = entry(index);
      if (child.type === TYPE_STREAM)
        streams.set(child.name, { name: child.name, start: child.start, size: child.size });
      pending.push(child.left, child.right);
    }

    const miniFat =
      miniFatCount > 0 && firstMiniFat < ENDOFCHAIN
        ? toEntries(await chainReader(firstMiniFat, miniFatCount * sectorSize))
        : new Uint32Array(0);
    return new CompoundFile(handle, label, fileSize, sectorSize, fat, miniFat, root, streams);
  }

  /**
   * The bytes of one stream, refused above `maxBytes` (a hostile size never allocates).
   * Small streams come from the mini stream, which is loaded once.
   */
  async read(stream: StreamEntry, maxBytes: number): Promise<Buffer> {
    if (stream.size > maxBytes) {
      throw new AppError('invalid-input', 'intune.msi.streamTooLarge', {
        file: this.label,
        size: stream.size,
        max: maxBytes,
      });
    }
    const reader = new SectorReader(this.handle, this.label, this.fileSize, this.sectorSize);
    const sectorCount = Math.ceil(Math.max(0, this.fileSize - this.sectorSize) / this.sectorSize);
    if (stream.size >= MINI_STREAM_CUTOFF) {
      return reader.chain(this.fat, stream.start, stream.size, sectorCount);
    }
    if (stream.size === 0) return Buffer.alloc(0);
    if (this.root.size > 64 * 1024 * 1024) throw corrupt(this.label, 'mini stream size');
    this.miniStream ??= await reader.chain(this.fat, this.root.start, this.root.size, sectorCount);
    const out = Buffer.alloc(stream.size);
    const miniCount = Math.floor(this.miniStream.length / MINI_SECTOR);
    let mini = stream.start;
    for (let offset = 0, steps = 0; offset < stream.size; offset += MINI_SECTOR, steps += 1) {
      if (mini >= miniCount || steps > miniCount) throw corrupt(this.label, 'mini FAT chain');
      this.miniStream.copy(
        out,
        offset,
        mini * MINI_SECTOR,
        mini * MINI_SECTOR + Math.min(MINI_SECTOR, stream.size - offset),
      );
      mini = this.miniFat[mini] ?? ENDOFCHAIN;
    }
    return out;
  }
}

function toEntries(bytes: Buffer): Uint32Array {
  const entries = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < entries.length; i += 1) entries[i] = bytes.readUInt32LE(4 * i);
  return entries;
}

class SectorReader {
  constructor(
    private readonly handle: FileHandle,
    private readonly label: string,
    private readonly fileSize: number,
    private readonly sectorSize: number,
  ) {}

  async sector(index: number): Promise<Buffer> {
    const bytes = Buffer.alloc(this.sectorSize);
    await this.sectorsInto(index, 1, bytes, 0);
    return bytes;
  }

  /** Reads `count` consecutive sectors from `first` into `target` at `at`. */
  async sectorsInto(first: number, count: number, target: Buffer, at: number): Promise<void> {
    const offset = (first + 1) * this.sectorSize;
    const length = count * this.sectorSize;
    if (first >= ENDOFCHAIN - 5) throw corrupt(this.label, `sector ${first}`);
    if (offset + length > this.fileSize) throw truncated(this.label);
    const { bytesRead } = await this.handle.read(target, at, length, offset);
    if (bytesRead < length) throw truncated(this.label);
  }

  /** Follows a FAT chain; `size` null reads to the end of the chain (the directory). */
  async chain(fat: Uint32Array, start: number, size: number | null, sectorCount: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let total = 0;
    let current = start;
    while (size === null ? current !== ENDOFCHAIN : total < size) {
      if (current === ENDOFCHAIN || current === FREESECT) throw truncated(this.label);
      if (parts.length > sectorCount || current >= fat.length) throw corrupt(this.label, 'FAT chain');
      parts.push(await this.sector(current));
      total += this.sectorSize;
      if (size === null && parts.length * this.sectorSize > MAX_DIRECTORY_ENTRIES * DIRECTORY_ENTRY) break;
      current = fat[current] ?? FREESECT;
    }
    const joined = Buffer.concat(parts, total);
    return size === null ? joined : joined.subarray(0, size);
  }
}
