import { Injectable } from '@nestjs/common';
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

const KEY_LENGTH = 32;

/** Password hashing: the one place that knows how passwords are kept. */
@Injectable()
export class Passwords {
  // scrypt is memory-hard and ships with Node. 32 MiB (N=2^15, r=8, p=3) is one of OWASP's recommended
  // settings; each hash records its own parameters, so they can be raised without breaking old hashes.
  protected readonly cost: ScryptCost = { N: 2 ** 15, r: 8, p: 3 };

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.cost);
    return `scrypt$${this.cost.N}$${this.cost.r}$${this.cost.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
  }

  /** True when `password` matches `stored`. With no stored hash it does the same work and says false, so a missing account takes as long as a wrong password. */
  async verify(password: string, stored: string | null): Promise<boolean> {
    const [scheme, N, r, p, salt, key] = (stored ?? `scrypt$${this.cost.N}$${this.cost.r}$${this.cost.p}$$`).split('$');
    if (scheme !== 'scrypt') throw new Error('A stored password hash is not in the scrypt format.');
    const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) });
    return stored !== null && timingSafeEqual(actual, Buffer.from(key, 'base64url'));
  }

  /**
   * A password for someone to use once, to sign in and choose their own. It is often read out over the phone: lower
   * case, in groups of four, without characters that look or sound alike (0 and o, 1, l and i); 16 of 31 symbols
   * are 79 bits.
   */
  oneTimePassword(): string {
    const symbols = Array.from({ length: 16 }, () => READABLE[randomInt(READABLE.length)]).join('');
    return symbols.match(/.{4}/g)!.join('-');
  }
}

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  // The same password typed on different keyboards can arrive as different Unicode: compare one form.
  const normalised = password.normalize('NFKC');
  return new Promise((resolve, reject) =>
    scrypt(normalised, salt, KEY_LENGTH, { ...cost, maxmem: 256 * cost.N * cost.r }, (error, derived) =>
      error ? reject(error) : resolve(derived),
    ),
  );
}
