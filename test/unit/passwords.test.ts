import { Passwords } from '../../src/auth/passwords.js';

describe('passwords at their real cost', () => {
  const passwords = new Passwords();

  it('are kept as salted scrypt hashes that name their own parameters, and checked against them', async () => {
    const [first, second] = await Promise.all([passwords.hash('kettle orchard tuesday'), passwords.hash('kettle orchard tuesday')]);
    expect(first).toMatch(/^scrypt\$32768\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
    expect(second).not.toBe(first);
    expect(await passwords.verify('kettle orchard tuesday', first)).toBe(true);
    expect(await passwords.verify('kettle orchard Tuesday', first)).toBe(false);
  });

  it('compares one Unicode form, and says no, after the same work, when there is no hash', async () => {
    const hash = await passwords.hash('caf\u00e9 au lait bien chaud');
    expect(await passwords.verify('cafe\u0301 au lait bien chaud', hash)).toBe(true);
    expect(await passwords.verify('anything', null)).toBe(false);
  });

  it('makes one-time passwords that can be read out over the phone: lower case, in groups, nothing that looks alike', () => {
    const made = Array.from({ length: 200 }, () => passwords.oneTimePassword());
    for (const password of made) expect(password).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
    expect(new Set(made).size).toBe(made.length);
  });
});
