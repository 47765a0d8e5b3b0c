import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  FileRequestLog,
  MemoryRequestLog,
  redactBody,
  redactUrl,
  type RequestLogEntry,
} from '/@/src-main/graph';

const entry = (extra: Partial<RequestLogEntry> = {}): RequestLogEntry => ({
  time: '2026-11-23T10:00:00.000Z',
  method: 'GET',
  url: 'https://graph.microsoft.com/v1.0/me',
  status: 200,
  durationMs: 12,
  requestId: 'r',
  clientRequestId: 'c',
  attempt: 1,
  ...extra,
});

describe('redactUrl', () => {
  it('should mask SAS signatures and token-like query values but keep the rest', () => {
    const url = redactUrl(
      'https://acct.blob.core.windows.net/c/b?sv=2024-11-04&se=2026-12-01&sr=b&sp=rw&sig=AbC%2Bdef%3D',
    );
    expect(url).toContain('sv=2024-11-04');
    expect(url).toContain('sig=[redacted]');
    expect(url).not.toContain('AbC');
    expect(redactUrl('https://login.example/cb?code=xyz123&state=s')).not.toContain('xyz123');
    expect(redactUrl('https://x.example/p?access_token=tok&refresh_token=ref')).not.toMatch(/tok&|ref$/);
  });

  it('should keep OData queries readable', () => {
    const url =
      "https://graph.microsoft.com/v1.0/applications?$filter=displayName%20eq%20'ConfigMgrService'&$top=5";
    expect(redactUrl(url)).toBe(new URL(url).toString());
    expect(redactUrl(url)).toContain('$filter=displayName%20eq%20');
  });

  it('should drop credentials embedded in the URL', () => {
    expect(redactUrl('http://user:p4ss@proxy.example:8080/x')).not.toContain('p4ss');
  });
});

describe('redactBody', () => {
  it('should mask secret fields of Graph and Intune bodies at any depth', () => {
    const body = redactBody({
      displayName: 'ConfigMgrService',
      passwordCredentials: [{ displayName: 'a', secretText: 's3cret' }],
      keyCredentials: [{ type: 'AsymmetricX509Cert', key: 'MIIC...' }],
      fileEncryptionInfo: {
        encryptionKey: 'ek',
        macKey: 'mk',
        initializationVector: 'iv',
        mac: 'm',
        profileIdentifier: 'ProfileVersion1',
        fileDigest: 'd',
        fileDigestAlgorithm: 'SHA256',
      },
      nested: { clientSecret: 'cs', access_token: 'at', refresh_token: 'rt', password: 'pw' },
      notes: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc and REHEARSAL-SECRET-abcdef',
    });
    const text = JSON.stringify(body);
    for (const secret of [
      's3cret',
      'MIIC',
      '"ek"',
      '"mk"',
      '"cs"',
      '"at"',
      '"rt"',
      '"pw"',
      'eyJhbGci',
      'REHEARSAL-SECRET-abcdef',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(text).toContain('ConfigMgrService');
    expect(text).toContain('ProfileVersion1');
    expect(text).toContain('SHA256');
  });
});

describe('request logs', () => {
  it('should keep entries in memory and render them as JSONL', () => {
    const log = new MemoryRequestLog();
    log.write(entry());
    log.write(entry({ attempt: 2, status: 429 }));
    const lines = log.text().trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as RequestLogEntry).attempt)).toEqual([1, 2]);
  });

  it('should append one line per entry, in order, to the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graph-log-'));
    try {
      const log = new FileRequestLog(join(dir, 'requests.jsonl'));
      for (let attempt = 1; attempt <= 50; attempt += 1) log.write(entry({ attempt }));
      await log.flush();
      const lines = readFileSync(join(dir, 'requests.jsonl'), 'utf8').trimEnd().split('\n');
      expect(lines.map((line) => (JSON.parse(line) as RequestLogEntry).attempt)).toEqual(
        Array.from({ length: 50 }, (_unused, index) => index + 1),
      );
      expect(log.failures).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should count, not throw, when the file cannot be written', async () => {
    const log = new FileRequestLog(join(tmpdir(), 'no-such-folder-graph-log', 'x', 'requests.jsonl'));
    expect(() => log.write(entry())).not.toThrow();
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(() => log.write(entry({ body: circular }))).not.toThrow();
    await log.flush();
    expect(log.failures).toBe(2);
  });
});
