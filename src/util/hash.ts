/**
 * Streaming SHA-256. One reusable buffer per thread, large sequential reads: memory stays at the
 * buffer size whatever the file size, and throughput stays close to `openssl dgst -sha256`
 * (both end in OpenSSL's SHA-256; the difference is only the read loop).
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 4 * 1024 * 1024;
let shared: Buffer | undefined;

export function sha256File(path: string | Buffer): string {
  const buf = (shared ??= Buffer.allocUnsafe(CHUNK));
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      h.update(n === CHUNK ? buf : buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Finding fingerprint: rule + path + normalized matched content; independent of line numbers. */
export function fingerprint(ruleId: string, path: string, content: string): string {
  return sha256Hex(`${ruleId}\u0000${path}\u0000${content}`).slice(0, 32);
}
