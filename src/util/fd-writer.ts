/**
 * Synchronous writes of whole strings to a file descriptor, for code that writes standard output
 * or error from a worker thread (src/cli/thread.ts) without copying it through the main thread.
 */
import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * A writer of all of each string to `fd`. A descriptor in non-blocking mode (a pipe another
 * process set so) is waited on; a reader that went away (EPIPE) ends the writing to it, not the
 * program, as a closed pipe ends `lantern scan ... | head` quietly.
 */
export function fdWriter(fd: number, write: typeof writeSync = writeSync): (s: string) => void {
  let closed = false;
  return (s) => {
    if (closed || s.length === 0) return;
    const buf = Buffer.from(s, 'utf8');
    let off = 0;
    while (off < buf.length) {
      try {
        off += write(fd, buf, off, buf.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1);
        else if (code === 'EPIPE') {
          closed = true;
          return;
        } else throw e;
      }
    }
  };
}
