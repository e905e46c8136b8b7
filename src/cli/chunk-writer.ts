import * as fs from 'fs';

/** Bytes gathered before one write: large enough that 300,000 findings take few system calls. */
const BUFFER_CHARS = 1_048_576;

/** Writes `chunks` to `file` as they come, holding at most about a megabyte of them in memory. */
export function writeChunks(file: string, chunks: Iterable<string>): void {
  const fd = fs.openSync(file, 'w');
  try {
    let pending: string[] = [];
    let size = 0;
    for (const chunk of chunks) {
      pending.push(chunk);
      size += chunk.length;
      if (size >= BUFFER_CHARS) {
        fs.writeSync(fd, pending.join(''));
        pending = [];
        size = 0;
      }
    }
    if (pending.length > 0) fs.writeSync(fd, pending.join(''));
  } finally {
    fs.closeSync(fd);
  }
}
