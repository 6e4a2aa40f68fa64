import { Passwords, type ScryptCost } from '../../src/auth/passwords.js';

/** The app's password hashing at a cost tests can afford (1 MiB, not 32): the format and the checks are the same. */
export class FastPasswords extends Passwords {
  protected override readonly cost: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
}
