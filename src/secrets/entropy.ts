/**
 * Shannon entropy of a string in bits per character (UTF-16 code units), the measure gitleaks
 * applies to a matched secret: -Σ p·log2(p) over the frequency of each character. A string of one
 * repeated character scores 0; 32 random hex characters about 3.8; 40 random base64 characters
 * about 5. The maximum for a string of length n is log2(n).
 */
export function shannonEntropy(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}
