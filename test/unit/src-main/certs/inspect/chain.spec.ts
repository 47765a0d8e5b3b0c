import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';

import { describe, expect, it } from 'vitest';

import { buildChain, publicRoots } from '/@/src-main/certs/inspect/chain';
import { chainCheck } from '/@/src-main/certs/inspect/checks-certificate';
import { checkMaker } from '/@/src-main/certs/inspect/make-check';
import { makeCert, testKey } from '/@/test/support/x509-factory';

const make = checkMaker('en');
const now = new Date();
const CA_USAGE = ['keyCertSign', 'cRLSign'] as const;
const LEAF_USAGE = ['digitalSignature', 'keyEncipherment'] as const;

function privatePki(): { root: X509Certificate; intermediate: X509Certificate; leaf: X509Certificate } {
  const [rootKey, intKey, leafKey] = [testKey(0), testKey(1), testKey(2)];
  const root = makeCert({ subject: 'Contoso Root', key: rootKey, ca: true, keyUsage: CA_USAGE });
  const intermediate = makeCert({
    subject: 'Contoso Issuing CA',
    issuer: 'Contoso Root',
    key: intKey,
    signer: rootKey,
    ca: true,
    keyUsage: CA_USAGE,
  });
  const leaf = makeCert({
    subject: 'cmg.contoso.com',
    issuer: 'Contoso Issuing CA',
    key: leafKey,
    signer: intKey,
    ca: false,
    keyUsage: LEAF_USAGE,
  });
  return { root, intermediate, leaf };
}

describe('buildChain', () => {
  it('should report a self-signed leaf as self-signed when its key usage lacks keyCertSign', () => {
    // What New-SelfSignedCertificate writes: digitalSignature + keyEncipherment only.
    const leaf = makeCert({ subject: 'cmg.contoso.com', key: testKey(2), keyUsage: LEAF_USAGE });
    const report = buildChain(leaf, [leaf], now, []);
    expect(report.status).toBe('self-signed-leaf');
    const { check } = chainCheck(make, leaf, [leaf], now, []);
    expect(check).toMatchObject({ severity: 'error', messageKey: 'inspect.chain.selfSigned' });
  });

  it('should report an issuer in the file that is not a CA as such, not as a missing intermediate', () => {
    const issuer = makeCert({ subject: 'Not A CA', key: testKey(1), ca: false, keyUsage: LEAF_USAGE });
    const leaf = makeCert({
      subject: 'cmg.contoso.com',
      issuer: 'Not A CA',
      key: testKey(2),
      signer: testKey(1),
    });
    const report = buildChain(leaf, [leaf, issuer], now, []);
    expect(report.status).toBe('issuer-not-ca');
    expect(report.culprit?.subject).toBe('CN=Not A CA');
    const { check } = chainCheck(make, leaf, [leaf, issuer], now, []);
    expect(check.messageKey).toBe('inspect.chain.issuerNotCa');
    expect(check.message).toContain('Not A CA');
  });

  it('should report a CA issuer whose key usage forbids signing certificates', () => {
    const issuer = makeCert({ subject: 'Odd CA', key: testKey(1), ca: true, keyUsage: ['digitalSignature'] });
    const leaf = makeCert({
      subject: 'cmg.contoso.com',
      issuer: 'Odd CA',
      key: testKey(2),
      signer: testKey(1),
    });
    expect(buildChain(leaf, [leaf, issuer], now, []).status).toBe('issuer-key-usage');
  });

  it('should fail a certificate cycle A → C → B → A instead of passing it as root not included', () => {
    const [a, b, c] = [testKey(0), testKey(1), testKey(2)];
    const common = { ca: true, keyUsage: CA_USAGE } as const;
    const certA = makeCert({ subject: 'A', issuer: 'C', key: a, signer: c, ...common });
    const certC = makeCert({ subject: 'C', issuer: 'B', key: c, signer: b, ...common });
    const certB = makeCert({ subject: 'B', issuer: 'A', key: b, signer: a, ...common });
    const report = buildChain(certA, [certA, certB, certC], now, []);
    expect(report.status).toBe('cycle');
    expect(report.path.map((cert) => cert.subject)).toEqual(['CN=A', 'CN=C', 'CN=B']);
    expect(chainCheck(make, certA, [certA, certB, certC], now, []).check).toMatchObject({
      severity: 'error',
      messageKey: 'inspect.chain.cycle',
    });
  });

  it('should warn, not pass, when the chain ends at a private root included in the file', () => {
    const { root, intermediate, leaf } = privatePki();
    const { check, report } = chainCheck(make, leaf, [leaf, intermediate, root], now, []);
    expect(report.status).toBe('private-root');
    expect(check).toMatchObject({ severity: 'warning', messageKey: 'inspect.chain.privateRoot' });
    expect(check.message).toContain('Contoso Root');
    expect(check.hint).toContain('Intune trusted certificate profile');
  });

  it('should warn when the root is left out and the last issuer is not a public CA', () => {
    const { intermediate, leaf } = privatePki();
    const { check } = chainCheck(make, leaf, [leaf, intermediate], now, []);
    expect(check).toMatchObject({ severity: 'warning', params: { root: 'Contoso Root' } });
  });

  it('should pass when the chain ends at a root the public list holds', () => {
    const { root, intermediate, leaf } = privatePki();
    expect(buildChain(leaf, [leaf, intermediate, root], now, [root]).status).toBe('complete-with-root');
    expect(buildChain(leaf, [leaf, intermediate], now, [root]).status).toBe('complete-without-root');
  });

  it('should still report a missing intermediate when the leaf issuer is neither in the file nor public', () => {
    const { leaf } = privatePki();
    expect(buildChain(leaf, [leaf], now, []).status).toBe('missing-intermediate');
  });

  it('should take the public roots from Node’s Mozilla bundle', () => {
    const roots = publicRoots();
    expect(roots.length).toBe(rootCertificates.length);
    const first = new X509Certificate(rootCertificates[0] as string);
    expect(roots.some((root) => root.fingerprint256 === first.fingerprint256)).toBe(true);
    const { root } = privatePki();
    expect(roots.some((candidate) => candidate.fingerprint256 === root.fingerprint256)).toBe(false);
  });
});
