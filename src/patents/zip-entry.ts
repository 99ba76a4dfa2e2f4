/**
 * Streams the first data file of a .zip archive (PatentsView publishes each table as one zipped TSV) without
 * reading the archive into memory: the central directory gives the entry's offset and sizes (zip64 too), and
 * the compressed bytes go through zlib's raw inflate. Only "stored" and "deflate" entries are supported.
 */
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { CetmapError } from '../shared/errors.js';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const bad = (path: string, why: string): CetmapError =>
  new CetmapError('CET_BAD_INPUT', `${path} is not a readable zip archive: ${why}`);

/** The archive's entries (directories left out), from its central directory. */
export async function zipEntries(path: string): Promise<ZipEntry[]> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const tailSize = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailSize);
    await fh.read(tail, 0, tailSize, size - tailSize);
    let eocd = -1;
    for (let i = tailSize - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw bad(path, 'no end-of-central-directory record');
    let entries = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || entries === 0xffff) {
      const loc = eocd - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== EOCD64_LOCATOR) throw bad(path, 'zip64 locator missing');
      const eocd64At = Number(tail.readBigUInt64LE(loc + 8));
      const rec = Buffer.alloc(56);
      await fh.read(rec, 0, 56, eocd64At);
      if (rec.readUInt32LE(0) !== EOCD64) throw bad(path, 'zip64 end record missing');
      entries = Number(rec.readBigUInt64LE(32));
      cdSize = Number(rec.readBigUInt64LE(40));
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const out: ZipEntry[] = [];
    let p = 0;
    for (let n = 0; n < entries; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw bad(path, 'damaged central directory');
      const method = cd.readUInt16LE(p + 10);
      let compressedSize = cd.readUInt32LE(p + 20);
      let uncompressedSize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let localHeaderOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      // zip64 extended information: the 0xffffffff fields, in order, are in extra field 0x0001
      let e = p + 46 + nameLen;
      const extraEnd = e + extraLen;
      while (e + 4 <= extraEnd) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (uncompressedSize === 0xffffffff) {
            uncompressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(cd.readBigUInt64LE(q));
        }
        e += 4 + len;
      }
      if (!name.endsWith('/'))
        out.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
      p = extraEnd + commentLen;
    }
    return out;
  } finally {
    await fh.close();
  }
}

/** A stream of one entry's uncompressed bytes, and how many compressed bytes have been read so far. */
export async function openZipEntry(
  path: string,
  entry: ZipEntry,
): Promise<{ stream: Readable; bytesRead: () => number }> {
  if (entry.method !== 0 && entry.method !== 8)
    throw bad(path, `entry ${entry.name} uses compression method ${entry.method} (only stored and deflate)`);
  const fh = await open(path, 'r');
  const header = Buffer.alloc(30);
  try {
    await fh.read(header, 0, 30, entry.localHeaderOffset);
  } finally {
    await fh.close();
  }
  if (header.readUInt32LE(0) !== LOCAL) throw bad(path, `no local header for ${entry.name}`);
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (entry.compressedSize === 0) {
    const { Readable } = await import('node:stream');
    return { stream: Readable.from([]), bytesRead: () => 0 };
  }
  const file = createReadStream(path, {
    start,
    end: start + entry.compressedSize - 1,
    highWaterMark: 1 << 20,
  });
  if (entry.method === 0) return { stream: file, bytesRead: () => file.bytesRead };
  const inflate = createInflateRaw({ chunkSize: 1 << 18 });
  file.on('error', (err) => inflate.destroy(err));
  return { stream: file.pipe(inflate), bytesRead: () => file.bytesRead };
}
