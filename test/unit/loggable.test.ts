import { loggable } from '../../src/common/loggable.js';

describe('text from a request in a log line', () => {
  it('shows control characters as escapes, so a line break cannot start a forged line', () => {
    expect(loggable('ann@example.com\n[Nest] 1 - LOG forged\r\u2028\u0007')).toBe(
      'ann@example.com\\u000a[Nest] 1 - LOG forged\\u000d\\u2028\\u0007',
    );
    expect(loggable('Dana Deputy <dana@oxfordshire.gov.uk>')).toBe('Dana Deputy <dana@oxfordshire.gov.uk>');
  });
});
