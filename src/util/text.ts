/**
 * Text encodings a scanned file may use: UTF-8 (with or without a byte-order mark), and UTF-16 in
 * either byte order when the file starts with its byte-order mark, as Windows tools write it
 * (PowerShell 5's `pip freeze > requirements.txt`, Visual Studio's "Unicode" save, .reg exports).
 * UTF-16 without a mark is not guessed: its NUL bytes make it binary, as for every other tool.
 */
export type TextEncoding = 'utf-16le' | 'utf-16be';

/** The UTF-16 byte-order mark at the start of `b`, if any (FF FE 00 00 is UTF-32LE's, not UTF-16's). */
export function utf16Bom(b: Uint8Array): TextEncoding | undefined {
  if (b.length < 2) return undefined;
  if (b[0] === 0xff && b[1] === 0xfe) return b.length >= 4 && b[2] === 0 && b[3] === 0 ? undefined : 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * Whether a head that starts with a UTF-16 mark holds text: in its first 4,096 code units no U+0000,
 * no unpaired surrogate, and at most 1% other control characters (tab, line ends, form feed and
 * escape aside), the rule isText applies to bytes.
 */
export function isUtf16Text(head: Uint8Array, encoding: TextEncoding): boolean {
  const n = Math.min(head.length & ~1, 8192);
  const le = encoding === 'utf-16le';
  let control = 0;
  let units = 0;
  let highPending = false;
  for (let i = 2; i < n; i += 2) {
    const u = le ? (head[i] as number) | ((head[i + 1] as number) << 8) : ((head[i] as number) << 8) | (head[i + 1] as number);
    units++;
    if (highPending) {
      highPending = false;
      if (u >= 0xdc00 && u <= 0xdfff) continue;
      return false;
    }
    if (u === 0) return false;
    if (u >= 0xd800 && u <= 0xdbff) highPending = i + 2 < n || n < head.length;
    else if (u >= 0xdc00 && u <= 0xdfff) return false;
    else if (u < 9 || (u > 13 && u < 32 && u !== 27)) control++;
  }
  return control <= units / 100;
}

/**
 * The text of a file's bytes in its encoding (UTF-8 unless a UTF-16 mark was found), without its
 * byte-order mark: positions on line 1 count from after it, as editors and SARIF viewers show
 * them, and a reader never sees it before `import`. A UTF-16 file cut at an odd length loses the
 * last half code unit.
 */
export function decodeText(bytes: Uint8Array, encoding?: TextEncoding): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text: string;
  if (encoding === undefined) text = b.toString('utf8');
  else {
    const even = b.subarray(0, b.length & ~1);
    text = encoding === 'utf-16le' ? even.toString('utf16le') : Buffer.from(even).swap16().toString('utf16le');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
