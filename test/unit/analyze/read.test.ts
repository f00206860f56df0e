import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { InputError } from '../../../src/lib/cli/errors.ts';
import { listInputFiles, readInputFile, readInputs } from '../../../src/lib/cli/read.ts';

const record = (eventID: string) => ({ eventVersion: '1.08', eventID, eventName: 'GetCallerIdentity' });

describe('input reader', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'honeytrail-read-'));
    mkdirSync(join(dir, 'b', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'a.json'), JSON.stringify(record('a')));
    writeFileSync(join(dir, 'b', 'c.json'), `\uFEFF${JSON.stringify(record('c'))}`);
    writeFileSync(
      join(dir, 'b', 'deeper', 'log.json.gz'),
      gzipSync(JSON.stringify({ Records: [record('r0'), record('r1')] })),
    );
    writeFileSync(join(dir, 'b', 'notes.txt'), 'not an event');
    writeFileSync(join(dir, 'b', 'decoys.yml'), 'decoys: []');
    writeFileSync(join(dir, 'Z.JSON'), JSON.stringify(record('upper')));
    writeFileSync(join(dir, 'garbage.json'), '{"eventID": ');
    writeFileSync(join(dir, 'broken.json.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    writeFileSync(join(dir, 'gzipped-without-extension.dat'), gzipSync(JSON.stringify(record('magic'))));
    writeFileSync(join(dir, 'records-not-array.json'), JSON.stringify({ Records: 'nope' }));
  });

  it('walks a folder recursively, keeps only .json and .json.gz files, sorted by path', () => {
    expect(listInputFiles(dir).map((f) => f.slice(dir.length + 1))).toEqual([
      'Z.JSON',
      'a.json',
      'b/c.json',
      'b/deeper/log.json.gz',
      'broken.json.gz',
      'garbage.json',
      'records-not-array.json',
    ]);
  });

  it('reads a named file whatever its extension, recognising gzip by its magic bytes', () => {
    const file = join(dir, 'gzipped-without-extension.dat');
    expect(readInputFile(file)).toEqual([{ source: file, value: record('magic') }]);
  });

  it('splits a CloudTrail log file into one entry per record with #index sources', () => {
    const file = join(dir, 'b', 'deeper', 'log.json.gz');
    expect(readInputFile(file)).toEqual([
      { source: `${file}#0`, value: record('r0') },
      { source: `${file}#1`, value: record('r1') },
    ]);
  });

  it('treats an object whose Records is not a list as a single event', () => {
    const file = join(dir, 'records-not-array.json');
    expect(readInputFile(file)).toEqual([{ source: file, value: { Records: 'nope' } }]);
  });

  it('strips a UTF-8 byte order mark', () => {
    expect(readInputFile(join(dir, 'b', 'c.json'))).toEqual([
      { source: join(dir, 'b', 'c.json'), value: record('c') },
    ]);
  });

  it('turns text that is not JSON, or a corrupt gzip, into an error entry instead of throwing', () => {
    const [garbage] = readInputFile(join(dir, 'garbage.json'));
    expect(garbage).toEqual({
      source: join(dir, 'garbage.json'),
      error: expect.stringMatching(/^not valid JSON: /),
    });
    const [broken] = readInputFile(join(dir, 'broken.json.gz'));
    expect(broken).toEqual({
      source: join(dir, 'broken.json.gz'),
      error: expect.stringMatching(/^not valid JSON: /),
    });
  });

  it('throws InputError naming the path when it does not exist', () => {
    const missing = join(dir, 'missing.json');
    expect(() => readInputs(missing)).toThrow(InputError);
    expect(() => readInputs(missing)).toThrow(/missing\.json: no such file or directory/);
  });

  it('reads every entry under a folder', () => {
    const entries = readInputs(dir);
    expect(entries.map((e) => e.source.slice(dir.length + 1))).toEqual([
      'Z.JSON',
      'a.json',
      'b/c.json',
      'b/deeper/log.json.gz#0',
      'b/deeper/log.json.gz#1',
      'broken.json.gz',
      'garbage.json',
      'records-not-array.json',
    ]);
  });
});

describe('input reader and symlinks', () => {
  it('follows a folder symlink once and does not loop on a link back to a parent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'honeytrail-loop-'));
    mkdirSync(join(dir, 'inner'));
    writeFileSync(join(dir, 'inner', 'e.json'), '{}');
    symlinkSync(dir, join(dir, 'inner', 'back-to-top'));
    expect(listInputFiles(dir).map((f) => f.slice(dir.length + 1))).toEqual(['inner/e.json']);
  });
});
