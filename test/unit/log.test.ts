import { describe, expect, it } from '@jest/globals';
import { makeLogger } from '../../src/lib/log.ts';

function capture(level?: string) {
  const lines: string[] = [];
  const logger = makeLogger({
    ...(level ? { level } : {}),
    service: 'svc',
    write: (line) => lines.push(line),
  });
  return { logger, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), lines };
}

describe('JSON logger', () => {
  it('writes one JSON line with level, message, timestamp, service and the attributes', () => {
    const { logger, entries, lines } = capture();
    logger.info('processed', { eventId: 'e1', alerts: 2 });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(entries()[0]).toEqual({
      level: 'INFO',
      message: 'processed',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      service: 'svc',
      eventId: 'e1',
      alerts: 2,
    });
  });

  it('drops entries below the configured level, and SILENT drops everything', () => {
    const warn = capture('warn');
    warn.logger.info('quiet');
    warn.logger.error('loud');
    expect(warn.entries().map((e) => e.level)).toEqual(['ERROR']);
    const silent = capture('SILENT');
    silent.logger.error('nothing');
    expect(silent.lines).toEqual([]);
  });

  it('keeps an error’s name and message, and writes bigints as text', () => {
    const { logger, entries } = capture('DEBUG');
    logger.debug('failed', { error: new TypeError('bad input'), n: 10n });
    expect(entries()[0]).toMatchObject({ error: { name: 'TypeError', message: 'bad input' }, n: '10' });
  });
});
