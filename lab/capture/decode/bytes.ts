// Small helpers for reading addresses out of packet bytes.
import { Address6 } from 'ip-address';

export function ipv4At(b: Buffer, off: number): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

export function ipv6At(b: Buffer, off: number): string {
  return Address6.fromUnsignedByteArray([...b.subarray(off, off + 16)]).correctForm();
}

export function macAt(b: Buffer, off: number): string {
  return [...b.subarray(off, off + 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** True when `len` bytes starting at `off` are inside the buffer. */
export function has(b: Buffer, off: number, len: number): boolean {
  return off >= 0 && off + len <= b.length;
}
