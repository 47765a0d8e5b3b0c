import { describe, expect, it } from 'vitest';

import { CmtraceParser, cmtraceTime, type LogRecord } from '/@/src-main/logs';

function parseAll(text: string): LogRecord[] {
  const parser = new CmtraceParser();
  const records = text
    .split('\n')
    .flatMap((line, index) => parser.push({ number: index + 1, text: line, truncated: false }));
  return [...records, ...parser.end()];
}

describe('cmtraceTime', () => {
  it('should add the bias to reach UTC when the log was written west of Greenwich', () => {
    // New York in winter: Windows' bias is +300 minutes.
    expect(cmtraceTime('03-14-2026', '10:15:32.123+300')).toBe('2026-03-14T15:15:32.123Z');
  });

  it('should subtract a negative bias when the log was written east of Greenwich', () => {
    // Brussels in summer: -120.
    expect(cmtraceTime('07-01-2026', '09:00:00.000-120')).toBe('2026-07-01T07:00:00.000Z');
  });

  it('should move to the next day when the bias crosses midnight', () => {
    expect(cmtraceTime('12-31-2026', '23:30:00.500+060')).toBe('2027-01-01T00:30:00.500Z');
  });

  it('should keep seven-digit fractions to milliseconds when a component writes them', () => {
    expect(cmtraceTime('01-02-2026', '08:00:00.1234567+000')).toBe('2026-01-02T08:00:00.123Z');
  });

  it('should give a time without zone when the line has no bias', () => {
    expect(cmtraceTime('01-02-2026', '08:00:00.250')).toBe('2026-01-02T08:00:00.250');
  });

  it('should return null when the date or time is not CMTrace shaped', () => {
    expect(cmtraceTime('2026-01-02', '08:00:00.000+000')).toBeNull();
    expect(cmtraceTime('01-02-2026', 'noon')).toBeNull();
  });
});

describe('CmtraceParser', () => {
  it('should read message, component, time and severity when a line is in the current format', () => {
    const [record] = parseAll(
      '<![LOG[CcmSetup failed with error code 0x87d0027e]LOG]!><time="14:02:11.481-60" date="11-20-2026" component="ccmsetup" context="" type="3" thread="4312" file="ccmsetup.cpp:11185">',
    );
    expect(record).toEqual({
      line: 1,
      time: '2026-11-20T13:02:11.481Z',
      component: 'ccmsetup',
      severity: 'error',
      message: 'CcmSetup failed with error code 0x87d0027e',
      format: 'cmtrace',
      truncated: false,
    });
  });

  it.each([
    ['1', 'info'],
    ['2', 'warning'],
    ['3', 'error'],
  ])('should map type="%s" to %s', (type, severity) => {
    const [record] = parseAll(
      `<![LOG[x]LOG]!><time="01:00:00.000+000" date="01-01-2026" component="c" context="" type="${type}" thread="1" file="">`,
    );
    expect(record?.severity).toBe(severity);
  });

  it('should join a message that spans lines when ]LOG]!> comes lines later', () => {
    const records = parseAll(
      [
        '<![LOG[Exception occured for deployment operation:',
        'Code: Conflict',
        'Message: The vault name \'contosocmg\' is already in use.]LOG]!><time="09:41:07.002-60" date="11-20-2026" component="SMS_CLOUD_SERVICES_MANAGER" context="" type="3" thread="7756" file="">',
        '<![LOG[next]LOG]!><time="09:41:08.000-60" date="11-20-2026" component="SMS_CLOUD_SERVICES_MANAGER" context="" type="1" thread="7756" file="">',
      ].join('\n'),
    );
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      line: 1,
      severity: 'error',
      message:
        "Exception occured for deployment operation:\nCode: Conflict\nMessage: The vault name 'contosocmg' is already in use.",
    });
    expect(records[1]).toMatchObject({ line: 4, message: 'next' });
  });

  it('should read component, time and message when a line is in the older $$ format', () => {
    const [record] = parseAll(
      'Successfully published UDX for Azure Active Directory users.  $$<SMS_AZUREAD_DISCOVERY_AGENT><11-20-2026 10:05:44.217+300><thread=5820 (0x16BC)>',
    );
    expect(record).toEqual({
      line: 1,
      time: '2026-11-20T15:05:44.217Z',
      component: 'SMS_AZUREAD_DISCOVERY_AGENT',
      severity: null,
      message: 'Successfully published UDX for Azure Active Directory users.',
      format: 'legacy',
      truncated: false,
    });
  });

  it('should keep an unclosed record as plain text when the file ends or a new record starts', () => {
    const records = parseAll(
      '<![LOG[half a message\n<![LOG[whole]LOG]!><time="01:00:00.000+000" date="01-01-2026" component="c" context="" type="1" thread="1" file="">\n<![LOG[cut off',
    );
    expect(records.map((record) => [record.format, record.message])).toEqual([
      ['plain', 'half a message'],
      ['cmtrace', 'whole'],
      ['plain', 'cut off'],
    ]);
  });

  it('should take a megabyte of spaces before a broken $$< suffix in linear time', () => {
    // The first pattern backtracked quadratically here (20 000 spaces: 0.4 s; 1 Mi: minutes).
    const [record] = parseAll(`${' '.repeat(1024 * 1024)}$$<a`);
    expect(record?.format).toBe('plain');
  });

  it('should take a line as plain text when it is in neither format', () => {
    expect(parseAll('just some text')[0]).toMatchObject({
      format: 'plain',
      time: null,
      component: null,
      severity: null,
    });
  });
});
