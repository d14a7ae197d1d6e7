// Latin-1 text in byte buffers: whether a string is a byte a character, and copying such
// a string's characters as bytes. The two byte stores outside the heap (the packed
// records and the request journal) keep such text at a byte a character.

const beyondLatin1 = /[\u0100-\uffff]/;

/** Whether every character fits a byte (Latin-1 then keeps the string exactly). */
export function isLatin1(s: string): boolean {
  return !beyondLatin1.test(s);
}

/**
 * Copies `s` into `buffer` from `at`, a byte a character, checking each as it goes: for a
 * short string the loop costs less than a Buffer#write call (issue 11). False when a
 * character does not fit a byte; what was copied before it is left for the caller to
 * overwrite.
 */
export function copyLatin1(s: string, buffer: Buffer, at: number): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code > 255) return false;
    buffer[at + i] = code;
  }
  return true;
}
