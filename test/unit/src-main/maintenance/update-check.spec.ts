import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { checkForUpdate, compareVersions } from '/@/src-main/maintenance';

let server: Server;
let base: string;
let answer: { status: number; body: string };
beforeEach(async () => {
  answer = { status: 200, body: '{}' };
  server = createServer((_request, response) => {
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/latest.json`;
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('checkForUpdate', () => {
  it('should only tell that a newer version exists and where to read about it', async () => {
    answer.body = JSON.stringify({ version: '0.10.0', url: 'https://contoso.example/comanage/0.10.0' });
    expect(await checkForUpdate({ url: base, currentVersion: '0.9.3' })).toEqual({
      status: 'available',
      latest: '0.10.0',
      url: 'https://contoso.example/comanage/0.10.0',
    });
  });

  it('should say up to date for the same or an older published version', async () => {
    answer.body = JSON.stringify({ version: '0.1.0', url: 'https://contoso.example/x' });
    expect(await checkForUpdate({ url: base, currentVersion: '0.1.0' })).toEqual({
      status: 'up-to-date',
      latest: '0.1.0',
    });
  });

  it('should do nothing when the organisation configured no URL', async () => {
    expect(await checkForUpdate({ url: undefined, currentVersion: '1.0.0' })).toEqual({
      status: 'not-configured',
    });
    expect(await checkForUpdate({ url: '  ', currentVersion: '1.0.0' })).toEqual({
      status: 'not-configured',
    });
  });

  it('should refuse plain http away from loopback and non-URLs', async () => {
    for (const url of ['http://updates.contoso.example/latest.json', 'file:///etc/passwd', 'not a url']) {
      expect(await checkForUpdate({ url, currentVersion: '1.0.0' })).toEqual({
        status: 'failed',
        reason: 'invalid-url',
      });
    }
  });

  it('should report an answer that is not the expected JSON, or links to a non-https page', async () => {
    for (const body of [
      '<html>',
      '{"version":"latest","url":"https://x.example"}',
      '{"version":"2.0.0","url":"http://x.example"}',
      'x'.repeat(70_000),
    ]) {
      answer.body = body;
      expect(await checkForUpdate({ url: base, currentVersion: '1.0.0' })).toEqual({
        status: 'failed',
        reason: 'invalid-answer',
      });
    }
  });

  it('should report an unreachable server or an error status', async () => {
    answer.status = 404;
    expect(await checkForUpdate({ url: base, currentVersion: '1.0.0' })).toEqual({
      status: 'failed',
      reason: 'unreachable',
    });
    expect(await checkForUpdate({ url: 'http://127.0.0.1:1/latest.json', currentVersion: '1.0.0' })).toEqual({
      status: 'failed',
      reason: 'unreachable',
    });
  });

  it('should compare versions by number, not as text', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBe(1);
    expect(compareVersions('1.2.3', '1.2.3')).toBe(0);
    expect(compareVersions('1.2.3', '2.0.0')).toBe(-1);
  });
});
