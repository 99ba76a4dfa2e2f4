/**
 * Streams the lines of a JSON Lines file, plain or gzip-compressed, with bounded memory. A damaged gzip
 * stream (truncated member, bad header) ends the file with a `broken` item instead of an exception, so the
 * caller can quarantine it and carry on with the next file.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

export type LineItem =
  | { kind: 'line'; lineNo: number; text: string }
  | { kind: 'broken'; lineNo: number; partial: string; message: string };

export interface LineSource {
  lines: AsyncGenerator<LineItem>;
  /** Bytes of the file read so far (compressed bytes for .gz). */
  bytesRead(): number;
}

export const isGzip = (path: string): boolean => /\.gz$/i.test(path);

const NEWLINE = 0x0a;

export function readLines(path: string): LineSource {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = isGzip(path) ? file.pipe(createGunzip({ chunkSize: 1 << 18 })) : file;
  if (isGzip(path)) file.on('error', (e) => stream.destroy(e));

  async function* lines(): AsyncGenerator<LineItem> {
    let rest: Buffer = Buffer.alloc(0);
    let lineNo = 0;
    const text = (buf: Buffer, start: number, end: number): string => {
      // tolerate CRLF files
      const stop = end > start && buf[end - 1] === 0x0d ? end - 1 : end;
      return buf.toString('utf8', start, stop);
    };
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
        let start = 0;
        let nl = buf.indexOf(NEWLINE, start);
        while (nl !== -1) {
          lineNo++;
          yield { kind: 'line', lineNo, text: text(buf, start, nl) };
          start = nl + 1;
          nl = buf.indexOf(NEWLINE, start);
        }
        rest = buf.subarray(start);
      }
    } catch (error) {
      yield {
        kind: 'broken',
        lineNo: lineNo + 1,
        partial: text(rest, 0, rest.length),
        message: (error as Error).message,
      };
      return;
    } finally {
      file.destroy();
    }
    if (rest.length > 0) {
      lineNo++;
      yield { kind: 'line', lineNo, text: text(rest, 0, rest.length) };
    }
  }

  return { lines: lines(), bytesRead: () => file.bytesRead };
}
