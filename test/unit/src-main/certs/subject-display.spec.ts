import { X509Certificate } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { subjectForDisplay } from '/@/src-main/certs/subject-display';

// Self-signed EC certificate, subject /C=BE/ST=Brabant/L=Leuven/O=Contoso, Ltd/OU=IT/CN=cmg.contoso.com
const CERT = `-----BEGIN CERTIFICATE-----
MIICMjCCAdegAwIBAgIUWlxoxtQVV1ZQ9VdgRLK5AKgrgdQwCgYIKoZIzj0EAwIw
bjELMAkGA1UEBhMCQkUxEDAOBgNVBAgMB0JyYWJhbnQxDzANBgNVBAcMBkxldXZl
bjEVMBMGA1UECgwMQ29udG9zbywgTHRkMQswCQYDVQQLDAJJVDEYMBYGA1UEAwwP
Y21nLmNvbnRvc28uY29tMB4XDTI2MTIwNDE5MjMyM1oXDTM2MTIwMTE5MjMyM1ow
bjELMAkGA1UEBhMCQkUxEDAOBgNVBAgMB0JyYWJhbnQxDzANBgNVBAcMBkxldXZl
bjEVMBMGA1UECgwMQ29udG9zbywgTHRkMQswCQYDVQQLDAJJVDEYMBYGA1UEAwwP
Y21nLmNvbnRvc28uY29tMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEFgX5eyTG
+wRSrBSQ9PELrFWCHAouZssFKcLy79xfmvT0Mz8rCGWM0ZQ30VVq/N0EqTnvB+RZ
ea5eDF35EG0niqNTMFEwHQYDVR0OBBYEFPJKz558IxLmS3mXrADXpnEbK16mMB8G
A1UdIwQYMBaAFPJKz558IxLmS3mXrADXpnEbK16mMA8GA1UdEwEB/wQFMAMBAf8w
CgYIKoZIzj0EAwIDSQAwRgIhAPCJnx/wa7VbyT35OpXI1Ak3bgO5IL8zLODP/B+A
SanbAiEAhKRIaTdw9ODGybB/Qg5WNMLdMzNlgp3K1v9dT+fXVmw=
-----END CERTIFICATE-----
`;

describe('subjectForDisplay', () => {
  it('should put the common name first, as certlm does, when a certificate subject is shown', () => {
    const cert = new X509Certificate(CERT);
    expect(cert.subject.split('\n')[0]).toBe('C=BE'); // Node's order is the DER order
    expect(subjectForDisplay(cert.subject)).toBe(
      'CN=cmg.contoso.com, OU=IT, O="Contoso, Ltd", L=Leuven, ST=Brabant, C=BE',
    );
    expect(subjectForDisplay(cert.issuer)).toMatch(/^CN=cmg\.contoso\.com, /);
  });

  it('should unescape Node escapes and quote a value when it holds a quote or a trailing space', () => {
    expect(subjectForDisplay('C=FR\nO=Soci\\C3\\A9t\\C3\\A9 \\"G\\"\\ \nCN=a.contoso.com')).toBe(
      'CN=a.contoso.com, O="Société ""G"" ", C=FR',
    );
  });

  it('should keep an escaped backslash as text when it is followed by hex digits', () => {
    expect(subjectForDisplay('OU=A\\\\BC\nCN=x.contoso.com')).toBe('CN=x.contoso.com, OU=A\\BC');
  });

  it('should return an empty text when the subject is empty', () => {
    expect(subjectForDisplay('')).toBe('');
  });
});
