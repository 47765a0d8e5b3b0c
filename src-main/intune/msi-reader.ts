import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

import { AppError } from '../shared';
import { CompoundFile, type StreamEntry } from './compound-file';
import { encodeStreamName } from './msi-names';

// Windows Installer database tables, read as the Windows Installer SDK and msitools lay them out:
// a string pool (`_StringPool`: codepage word then one (length, refcount) pair per string id,
// `_StringData`: the bytes back to back), `_Tables` and `_Columns` describing every table, and
// each table stored column by column, string cells as 2- or 3-byte pool indices, integers offset
// by 0x8000 / 0x80000000 so that 0 means null.

const MAX_POOL_BYTES = 4 * 1024 * 1024;
const MAX_STRING_DATA_BYTES = 16 * 1024 * 1024;
const MAX_TABLE_BYTES = 8 * 1024 * 1024;
/** A Property value longer than this is refused: nothing the package needs is that long. */
export const MAX_PROPERTY_VALUE_LENGTH = 8192;
const LONG_STRING_REFS = 0x8000_0000;

const TYPE_STRING = 0x0800;
const TYPE_VALID = 0x0100;
const TYPE_NULLABLE = 0x1000;

export type MsiExecutionContext = 'System' | 'User' | 'Any';

/** What the Intune package needs from an MSI. */
export interface MsiInfo {
  readonly productCode: string;
  readonly productVersion: string;
  readonly productName: string;
  readonly manufacturer: string;
  readonly upgradeCode: string;
  /** ALLUSERS as stored ("" when absent). */
  readonly allUsers: string;
  readonly executionContext: MsiExecutionContext;
  readonly includesServices: boolean;
  readonly containsSystemRegistryKeys: boolean;
  readonly containsSystemFolders: boolean;
  /** Every Property row, for display and checks. */
  readonly properties: ReadonlyMap<string, string>;
}

type Cell = string | number | null;

interface Column {
  readonly name: string;
  readonly type: number;
}

function invalid(key: string, params: Record<string, string | number>): AppError {
  return new AppError('invalid-input', `intune.msi.${key}`, params);
}

class StringPool {
  /** Index 0 is the null string; ids start at 1. */
  private readonly entries: { offset: number; length: number }[] = [{ offset: 0, length: 0 }];
  readonly refBytes: 2 | 3;
  private readonly decode: Decode;

  constructor(
    pool: Buffer,
    private readonly data: Buffer,
    private readonly label: string,
  ) {
    if (pool.length < 4 || pool.length % 4 !== 0)
      throw invalid('corrupt', { file: label, detail: 'string pool' });
    const header = pool.readUInt32LE(0);
    this.refBytes = header & LONG_STRING_REFS ? 3 : 2;
    this.decode = decoderFor(header & ~LONG_STRING_REFS);
    let offset = 0;
    for (let at = 4; at < pool.length; at += 4) {
      let length = pool.readUInt16LE(at);
      const refs = pool.readUInt16LE(at + 2);
      // A string of 64 KiB or more: a (0, refs) pair, then its length as (low, high) words.
      if (length === 0 && refs !== 0) {
        if (at + 8 > pool.length) throw invalid('corrupt', { file: label, detail: 'string pool' });
        length = pool.readUInt16LE(at + 4) + pool.readUInt16LE(at + 6) * 0x10000;
        at += 4;
      }
      if (offset + length > data.length) throw invalid('corrupt', { file: label, detail: 'string data' });
      this.entries.push({ offset, length });
      offset += length;
    }
  }

  /** The string with pool id `id` (0 is null); an id past the pool is refused. */
  get(id: number, table: string): string | null {
    if (id === 0) return null;
    const entry = this.entries[id];
    if (!entry)
      throw invalid('badStringRef', { file: this.label, table, id, count: this.entries.length - 1 });
    return this.decode(this.data.subarray(entry.offset, entry.offset + entry.length));
  }
}

// Windows-1252's 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ); 0 where undefined.
// Node 20's TextDecoder('windows-1252') decodes these as C1 controls (ISO-8859-1), so they are mapped here.
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
  0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0, 0x017e, 0x0178,
];

type Decode = (bytes: Buffer) => string;

/** Strings are stored in the database codepage: UTF-8 (65001), Windows-1252 (0 or 1252) or another ANSI page. */
function decoderFor(codepage: number): Decode {
  if (codepage === 65001) {
    const utf8 = new TextDecoder('utf-8');
    return (bytes) => utf8.decode(bytes);
  }
  if (codepage !== 0 && codepage !== 1252) {
    try {
      const other = new TextDecoder(`windows-${codepage}`);
      return (bytes) => other.decode(bytes);
    } catch {
      // An unknown codepage: fall through to Windows-1252, which keeps ASCII (all the package needs) intact.
    }
  }
  const latin1 = new TextDecoder('latin1');
  return (bytes) =>
    latin1
      .decode(bytes)
      // C1 controls → Windows-1252 (a fixed Node would already return them mapped: then this is a no-op).
      .replace(/[\u0080-\u009f]/g, (char) =>
        String.fromCharCode(CP1252_HIGH[char.charCodeAt(0) - 0x80] || char.charCodeAt(0)),
      );
}

/** An MSI database opened for reading its tables. */
class MsiDatabase {
  private constructor(
    private readonly file: CompoundFile,
    private readonly label: string,
    private readonly strings: StringPool,
    private readonly columns: ReadonlyMap<string, readonly Column[]>,
    /** The names `_Tables` lists: a table exists only if it is there and has columns. */
    private readonly tables: ReadonlySet<string> | null = null,
  ) {}

  static async open(file: CompoundFile, label: string): Promise<MsiDatabase> {
    const stream = (name: string): StreamEntry | undefined => file.streams.get(encodeStreamName(name));
    const poolEntry = stream('_StringPool');
    const dataEntry = stream('_StringData');
    const columnsEntry = stream('_Columns');
    if (!poolEntry || !dataEntry || !columnsEntry) throw invalid('notMsi', { file: label });
    const strings = new StringPool(
      await file.read(poolEntry, MAX_POOL_BYTES),
      await file.read(dataEntry, MAX_STRING_DATA_BYTES),
      label,
    );
    // _Columns' own layout is fixed by the format: Table (string), Number (i2), Name (string), Type (i2).
    const columnsSchema: Column[] = [
      { name: 'Table', type: TYPE_VALID | TYPE_STRING | 64 },
      { name: 'Number', type: TYPE_VALID | 2 },
      { name: 'Name', type: TYPE_VALID | TYPE_STRING | 64 },
      { name: 'Type', type: TYPE_VALID | 2 },
    ];
    const raw = new MsiDatabase(file, label, strings, new Map([['_Columns', columnsSchema]]));
    const rows = await raw.rows('_Columns', columnsEntry);
    const byTable = new Map<string, { number: number; column: Column }[]>();
    for (const [table, number, name, type] of rows) {
      if (
        typeof table !== 'string' ||
        typeof number !== 'number' ||
        typeof name !== 'string' ||
        typeof type !== 'number'
      ) {
        throw invalid('corrupt', { file: label, detail: '_Columns' });
      }
      const list = byTable.get(table) ?? [];
      list.push({ number, column: { name, type } });
      byTable.set(table, list);
    }
    const columns = new Map<string, readonly Column[]>();
    for (const [table, list] of byTable) {
      columns.set(
        table,
        list.sort((a, b) => a.number - b.number).map((entry) => entry.column),
      );
    }
    // _Tables: one string column, Name.
    columns.set('_Tables', [{ name: 'Name', type: TYPE_VALID | TYPE_STRING | 64 }]);
    const withColumns = new MsiDatabase(file, label, strings, columns);
    const tablesEntry = stream('_Tables');
    const names = tablesEntry ? await withColumns.rows('_Tables', tablesEntry) : [];
    const tables = new Set(
      names.map(([name]) => name).filter((name): name is string => typeof name === 'string'),
    );
    return new MsiDatabase(file, label, strings, columns, tables);
  }

  hasTable(name: string): boolean {
    return this.columns.has(name) && (this.tables?.has(name) ?? false);
  }

  columnsOf(name: string): readonly Column[] | undefined {
    return this.columns.get(name);
  }

  /** Every row of `table` (empty when the table has no stream: no rows). */
  async rows(table: string, known?: StreamEntry): Promise<Cell[][]> {
    if (this.tables && !this.tables.has(table)) return [];
    const columns = this.columns.get(table);
    if (!columns || columns.length === 0) return [];
    const entry = known ?? this.file.streams.get(encodeStreamName(table));
    if (!entry) return [];
    const data = await this.file.read(entry, MAX_TABLE_BYTES);
    const widths = columns.map((column) => this.width(column, table));
    const rowSize = widths.reduce((sum, width) => sum + width, 0);
    if (data.length % rowSize !== 0) throw invalid('corrupt', { file: this.label, detail: table });
    const count = data.length / rowSize;
    const out: Cell[][] = Array.from({ length: count }, () => []);
    let columnOffset = 0;
    for (const [index, column] of columns.entries()) {
      const width = widths[index] ?? 2;
      for (let row = 0; row < count; row += 1) {
        const at = columnOffset + row * width;
        const value =
          width === 3 ? data.readUIntLE(at, 3) : width === 4 ? data.readUInt32LE(at) : data.readUInt16LE(at);
        out[row]?.push(this.cell(column, value, width, table));
      }
      columnOffset += width * count;
    }
    return out;
  }

  private width(column: Column, table: string): number {
    const binary = (column.type & ~TYPE_NULLABLE) === (TYPE_STRING | TYPE_VALID);
    if (binary) return 2;
    if (column.type & TYPE_STRING) return this.strings.refBytes;
    const size = column.type & 0xff;
    if (size <= 2) return 2;
    if (size === 4) return 4;
    throw invalid('corrupt', { file: this.label, detail: `${table}.${column.name}` });
  }

  private cell(column: Column, value: number, width: number, table: string): Cell {
    const binary = (column.type & ~TYPE_NULLABLE) === (TYPE_STRING | TYPE_VALID);
    if (column.type & TYPE_STRING && !binary) return this.strings.get(value, table);
    if (value === 0) return null;
    return width === 4 ? value - 0x8000_0000 : value - 0x8000;
  }
}

/** Directory ids that Windows Installer resolves to system locations (per-machine folders). */
const SYSTEM_FOLDERS = new Set([
  'ProgramFilesFolder',
  'ProgramFiles64Folder',
  'CommonFilesFolder',
  'CommonFiles64Folder',
  'SystemFolder',
  'System64Folder',
  'System16Folder',
  'WindowsFolder',
  'WindowsVolume',
  'CommonAppDataFolder',
]);
const HKLM = 2;

/**
 * Reads the package facts Intune needs from an MSI: the Property table (ProductCode,
 * ProductVersion, ProductName, Manufacturer, UpgradeCode, ALLUSERS) and, for the MobileMsiData
 * manifest, whether it installs services, HKLM keys or files into system folders. Only small
 * table streams are read (positional reads), so the size of the embedded cabinet does not matter.
 * Refuses with a localized AppError (`intune.msi.*`): not a compound file, not an MSI (no
 * Property table), truncated, corrupt tables, a cell pointing past the string pool, a Property
 * value over MAX_PROPERTY_VALUE_LENGTH, a missing or malformed required property.
 */
export async function readMsiInfo(path: string, label: string): Promise<MsiInfo> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(
    (error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR')
        throw new AppError('not-found', 'fsio.read.notFound', { file: label });
      throw new AppError('unavailable', 'fsio.read.failed', { file: label, reason: code ?? 'EIO' });
    },
  );
  try {
    if (!(await handle.stat()).isFile())
      throw new AppError('invalid-input', 'intune.msi.notCompound', { file: label });
    const file = await CompoundFile.open(handle, label);
    const db = await MsiDatabase.open(file, label);
    if (!db.hasTable('Property')) throw invalid('notMsi', { file: label });
    const properties = await readProperties(db, label);
    return { ...requiredFacts(properties, label), ...(await manifestFacts(db)), properties };
  } finally {
    await handle.close();
  }
}

async function readProperties(db: MsiDatabase, label: string): Promise<Map<string, string>> {
  const columns = db.columnsOf('Property') ?? [];
  const nameIndex = columns.findIndex((column) => column.name === 'Property');
  const valueIndex = columns.findIndex((column) => column.name === 'Value');
  if (nameIndex < 0 || valueIndex < 0) throw invalid('corrupt', { file: label, detail: 'Property' });
  const properties = new Map<string, string>();
  for (const row of await db.rows('Property')) {
    const name = row[nameIndex];
    const value = row[valueIndex] ?? '';
    if (typeof name !== 'string' || typeof value !== 'string')
      throw invalid('corrupt', { file: label, detail: 'Property' });
    if (value.length > MAX_PROPERTY_VALUE_LENGTH || name.length > 72) {
      throw invalid('valueTooLong', {
        file: label,
        property: name.slice(0, 72),
        length: value.length,
        max: MAX_PROPERTY_VALUE_LENGTH,
      });
    }
    properties.set(name, value);
  }
  return properties;
}

const GUID = /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/i;
const VERSION = /^\d{1,3}\.\d{1,3}(\.\d{1,5}(\.\d{1,5})?)?$/;

function requiredFacts(
  properties: ReadonlyMap<string, string>,
  label: string,
): Pick<
  MsiInfo,
  | 'productCode'
  | 'productVersion'
  | 'productName'
  | 'manufacturer'
  | 'upgradeCode'
  | 'allUsers'
  | 'executionContext'
> {
  const need = (name: string, pattern?: RegExp): string => {
    const value = properties.get(name)?.trim() ?? '';
    if (value === '') throw invalid('missingProperty', { file: label, property: name });
    if (pattern && !pattern.test(value)) {
      throw invalid('badProperty', {
        file: label,
        property: name,
        value: JSON.stringify(value.slice(0, 80)).slice(1, -1),
      });
    }
    return value;
  };
  const allUsers = properties.get('ALLUSERS')?.trim() ?? '';
  return {
    productCode: need('ProductCode', GUID).toUpperCase(),
    productVersion: need('ProductVersion', VERSION),
    productName: need('ProductName'),
    manufacturer: need('Manufacturer'),
    upgradeCode: need('UpgradeCode', GUID).toUpperCase(),
    allUsers,
    executionContext: executionContext(allUsers, properties.get('MSIINSTALLPERUSER')?.trim() ?? ''),
  };
}

/**
 * As the Intune portal derives it: ALLUSERS=1 installs per machine (System); ALLUSERS=2 with
 * MSIINSTALLPERUSER=1 is a dual-mode package (Any); anything else installs per user (User).
 * ALLUSERS=2 alone installs per machine when the user is an administrator, which Intune's
 * System context is.
 */
export function executionContext(allUsers: string, installPerUser: string): MsiExecutionContext {
  if (allUsers === '1') return 'System';
  if (allUsers === '2') return installPerUser === '1' ? 'Any' : 'System';
  return 'User';
}

async function manifestFacts(
  db: MsiDatabase,
): Promise<Pick<MsiInfo, 'includesServices' | 'containsSystemRegistryKeys' | 'containsSystemFolders'>> {
  const column = (table: string, name: string): number =>
    (db.columnsOf(table) ?? []).findIndex((entry) => entry.name === name);
  const services = await db.rows('ServiceInstall');
  const rootIndex = column('Registry', 'Root');
  const registry = rootIndex < 0 ? [] : await db.rows('Registry');
  const directoryIndex = column('Directory', 'Directory');
  const directories = directoryIndex < 0 ? [] : await db.rows('Directory');
  return {
    includesServices: services.length > 0,
    containsSystemRegistryKeys: registry.some((row) => row[rootIndex] === HKLM),
    containsSystemFolders: directories.some((row) => SYSTEM_FOLDERS.has(String(row[directoryIndex]))),
  };
}
