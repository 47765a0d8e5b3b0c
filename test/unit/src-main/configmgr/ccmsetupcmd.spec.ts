import { describe, expect, it } from 'vitest';

import {
  buildCcmsetupCmd,
  type CcmsetupOptions,
  lintCcmsetupCmd,
  MAX_CCMSETUPCMD_VALUE,
} from '/@/src-main/configmgr';
import { AppError, SERVICE_CATALOGUES } from '/@/src-main/shared';
import { seededRandom } from '/@/test/support/seeded-random';

const HOST = 'contosocmg.westeurope.cloudapp.azure.com/CCM_Proxy_MutualAuth/72057594037927939';
const GOOD = `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ"`;
const APP = '0f3c6a9e-1b2d-4e5f-8a7b-9c0d1e2f3a4b';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

interface RuleCase {
  readonly rule: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly failing: string;
  /** The corrected line the linter proposes (null: it cannot know the right value). */
  readonly corrected: string | null;
  /** A hand-fixed line, which must not raise the rule. */
  readonly fixed: string;
}

const CASES: readonly RuleCase[] = [
  {
    rule: 'sitecode-outside',
    severity: 'error',
    // The tutorial's own example.
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST}" SMSSiteCode="XYZ"`,
    corrected: GOOD,
    fixed: GOOD,
  },
  {
    rule: 'property-outside',
    severity: 'error',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ" SMSMP=https://mp.contoso.com`,
    corrected: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ SMSMP=https://mp.contoso.com"`,
    fixed: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ SMSMP=https://mp.contoso.com"`,
  },
  {
    rule: 'typographic-quotes',
    severity: 'error',
    // Copied from a document that curled the quotes.
    failing: `CCMSETUPCMD=\u201CCCMHOSTNAME=${HOST} SMSSITECODE=XYZ\u201D`,
    corrected: GOOD,
    fixed: GOOD,
  },
  { rule: 'outside-token', severity: 'error', failing: `${GOOD} /qn`, corrected: GOOD, fixed: GOOD },
  { rule: 'not-a-line', severity: 'error', failing: 'ccmsetup please', corrected: null, fixed: GOOD },
  {
    rule: 'missing-wrapper',
    severity: 'error',
    failing: `CCMHOSTNAME=${HOST} SMSSITECODE=XYZ`,
    corrected: GOOD,
    fixed: GOOD,
  },
  {
    rule: 'nested-quotes',
    severity: 'error',
    failing: `CCMSETUPCMD="CCMHOSTNAME="${HOST}" SMSSITECODE=XYZ"`,
    corrected: GOOD,
    fixed: GOOD,
  },
  {
    rule: 'msiexec-pasted',
    severity: 'error',
    failing: `msiexec /i ccmsetup.msi ${GOOD}`,
    corrected: GOOD,
    fixed: GOOD,
  },
  {
    rule: 'missing-quotes',
    severity: 'error',
    failing: `CCMSETUPCMD=CCMHOSTNAME=${HOST}`,
    corrected: null,
    fixed: GOOD,
  },
  {
    rule: 'too-long',
    severity: 'error',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ SMSCONFIGSOURCE=${'R'.repeat(1000)}"`,
    corrected: null,
    fixed: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ SMSCONFIGSOURCE=${'R'.repeat(900)}"`,
  },
  {
    rule: 'duplicate',
    severity: 'error',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ SMSSITECODE=ABC"`,
    corrected: GOOD,
    fixed: GOOD,
  },
  {
    rule: 'ccmhostname-missing',
    severity: 'error',
    failing: 'CCMSETUPCMD="SMSSITECODE=XYZ"',
    corrected: null,
    fixed: GOOD,
  },
  {
    rule: 'ccmhostname-https',
    severity: 'error',
    failing: `CCMSETUPCMD="CCMHOSTNAME=https://${HOST} SMSSITECODE=XYZ"`,
    corrected: GOOD,
    fixed: GOOD,
  },
  {
    rule: 'ccmhostname-path',
    severity: 'error',
    failing: 'CCMSETUPCMD="CCMHOSTNAME=contosocmg.westeurope.cloudapp.azure.com SMSSITECODE=XYZ"',
    corrected: null,
    fixed: GOOD,
  },
  {
    rule: 'sitecode-missing',
    severity: 'error',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST}"`,
    corrected: null,
    fixed: GOOD,
  },
  {
    rule: 'sitecode-case',
    severity: 'error',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSiteCode=xyz"`,
    corrected: GOOD,
    fixed: GOOD,
  },
  {
    rule: 'sitecode-format',
    severity: 'error',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=AUTO"`,
    corrected: null,
    fixed: GOOD,
  },
  {
    rule: 'smsmp-https',
    severity: 'error',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ SMSMP=http://mp.contoso.com"`,
    corrected: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ SMSMP=https://mp.contoso.com"`,
    fixed: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ SMSMP=https://mp.contoso.com"`,
  },
  {
    rule: 'smsmp-url',
    severity: 'error',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ SMSMP=https://mp"`,
    corrected: null,
    fixed: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ SMSMP=https://mp.contoso.com"`,
  },
  {
    rule: 'aad-pair',
    severity: 'error',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ AADCLIENTAPPID=${APP}"`,
    corrected: GOOD,
    fixed: GOOD,
  },
  {
    rule: 'aad-pki-only',
    severity: 'info',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ AADCLIENTAPPID=${APP} AADRESOURCEURI=api://${TENANT}/cmgserver"`,
    corrected: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ AADCLIENTAPPID=${APP} AADRESOURCEURI=api://${TENANT}/cmgserver"`,
    fixed: GOOD,
  },
  {
    rule: 'guid',
    severity: 'error',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ AADCLIENTAPPID=cmgclient AADRESOURCEURI=api://${TENANT}/cmgserver"`,
    corrected: null,
    fixed: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ AADCLIENTAPPID=${APP} AADRESOURCEURI=api://${TENANT}/cmgserver"`,
  },
  {
    rule: 'resource-uri',
    severity: 'error',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ AADCLIENTAPPID=${APP} AADRESOURCEURI=cmgserver"`,
    corrected: null,
    fixed: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ AADCLIENTAPPID=${APP} AADRESOURCEURI=https://contoso.com/cmgserver"`,
  },
  {
    rule: 'aadtenantid-not-needed',
    severity: 'info',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ AADTENANTID=${TENANT}"`,
    corrected: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ AADTENANTID=${TENANT}"`,
    fixed: GOOD,
  },
  {
    rule: 'provisionts-format',
    severity: 'error',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ PROVISIONTS=12"`,
    corrected: null,
    fixed: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ PROVISIONTS=XYZ00012"`,
  },
  {
    rule: 'mp-switch',
    severity: 'warning',
    // Microsoft's own example passes /mp: with the CMG URL beside CCMHOSTNAME.
    failing: `CCMSETUPCMD="/mp:https://${HOST} CCMHOSTNAME=${HOST} SMSSITECODE=XYZ"`,
    corrected: `CCMSETUPCMD="/mp:https://${HOST} CCMHOSTNAME=${HOST} SMSSITECODE=XYZ"`,
    fixed: GOOD,
  },
  {
    rule: 'mp-switch-not-https',
    severity: 'error',
    failing: `CCMSETUPCMD="/mp:mp.contoso.com CCMHOSTNAME=${HOST} SMSSITECODE=XYZ"`,
    corrected: `CCMSETUPCMD="/mp:https://${HOST} CCMHOSTNAME=${HOST} SMSSITECODE=XYZ"`,
    fixed: GOOD,
  },
  {
    rule: 'unknown-item',
    severity: 'warning',
    failing: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ SMSCACHESIZE 10240"`,
    corrected: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ SMSCACHESIZE 10240"`,
    fixed: `CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ SMSCACHESIZE=10240"`,
  },
];

const ruleKey = (id: string): string =>
  `configmgr.ccmsetup.rule.${id.replace(/-(\w)/g, (_all, letter: string) => letter.toUpperCase())}`;

describe('lintCcmsetupCmd', () => {
  it('should accept the line when it has only CCMHOSTNAME and SMSSITECODE inside the quotes', () => {
    expect(lintCcmsetupCmd(GOOD)).toEqual({ findings: [], corrected: GOOD });
  });

  it.each(CASES)('should raise $rule when the line breaks it, and not when it is fixed', (testCase) => {
    const result = lintCcmsetupCmd(testCase.failing);
    const finding = result.findings.find((candidate) => candidate.id === testCase.rule);
    expect(finding, JSON.stringify(result.findings)).toBeDefined();
    expect(finding?.severity).toBe(testCase.severity);
    expect(result.corrected).toBe(testCase.corrected);
    const fixed = lintCcmsetupCmd(testCase.fixed);
    expect(fixed.findings.map((candidate) => candidate.id)).not.toContain(testCase.rule);
    expect(fixed.findings.filter((candidate) => candidate.severity === 'error')).toEqual([]);
  });

  it.each(CASES.filter((testCase) => testCase.corrected !== null))(
    'should propose a corrected line without errors when it fixes $rule',
    (testCase) => {
      const again = lintCcmsetupCmd(testCase.corrected as string);
      expect(again.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
      expect(again.corrected).toBe(testCase.corrected);
    },
  );

  it('should accept property names in any case and print them in capitals when the line is otherwise right', () => {
    const result = lintCcmsetupCmd(`CCMSETUPCMD="ccmhostname=${HOST} smssitecode=XYZ"`);
    expect(result).toEqual({ findings: [], corrected: GOOD });
  });

  it('should list every problem with a message and a fix in each language when a line has several', () => {
    const result = lintCcmsetupCmd(
      `msiexec /i ccmsetup.msi CCMSETUPCMD="CCMHOSTNAME=https://${HOST} AADTENANTID=${TENANT}" SMSSiteCode="XYZ"`,
    );
    expect(result.findings.map((finding) => finding.id)).toEqual([
      'msiexec-pasted',
      'sitecode-outside',
      'ccmhostname-https',
      'aadtenantid-not-needed',
    ]);
    expect(result.corrected).toBe(`CCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ AADTENANTID=${TENANT}"`);
    for (const locale of ['en', 'fr', 'nl'] as const) {
      for (const testCase of CASES) {
        expect(SERVICE_CATALOGUES[locale][`${ruleKey(testCase.rule)}.message`], testCase.rule).toBeTruthy();
        expect(SERVICE_CATALOGUES[locale][`${ruleKey(testCase.rule)}.fix`], testCase.rule).toBeTruthy();
      }
    }
  });
});

describe('buildCcmsetupCmd', () => {
  it('should put switches first and every property inside one pair of quotes when all flags are given', () => {
    expect(
      buildCcmsetupCmd({
        siteCode: 'XYZ',
        cmgHost: HOST,
        mp: 'https://mp.contoso.com',
        aadClientAppId: APP,
        aadResourceUri: `api://${TENANT}/cmgserver`,
        tenantId: TENANT,
        upgradeToLatest: true,
        provisionTs: 'XYZ00012',
        noCrlCheck: true,
      }),
    ).toBe(
      `CCMSETUPCMD="/NoCRLCheck /UpgradeToLatest CCMHOSTNAME=${HOST} SMSSITECODE=XYZ SMSMP=https://mp.contoso.com ` +
        `AADTENANTID=${TENANT} AADCLIENTAPPID=${APP} AADRESOURCEURI=api://${TENANT}/cmgserver PROVISIONTS=XYZ00012"`,
    );
  });

  it.each<[string, Partial<CcmsetupOptions>, string]>([
    ['a lower-case site code', { siteCode: 'xyz' }, 'configmgr.value.siteCode'],
    ['https:// in the CMG host', { cmgHost: `https://${HOST}` }, 'configmgr.cli.build.cmgHost'],
    ['a CMG host without its path', { cmgHost: 'cmg.contoso.com' }, 'configmgr.cli.build.cmgHost'],
    ['an http management point', { mp: 'http://mp.contoso.com' }, 'configmgr.cli.build.mp'],
    ['one half of the AAD pair', { aadClientAppId: APP }, 'configmgr.cli.build.aadPair'],
    ['a tenant that is no GUID', { tenantId: 'contoso' }, 'configmgr.cli.build.guid'],
    ['a bad task sequence ID', { provisionTs: 'XYZ' }, 'configmgr.cli.build.provisionTs'],
  ])('should refuse %s', (_name, override, key) => {
    let caught: unknown;
    try {
      buildCcmsetupCmd({ siteCode: 'XYZ', cmgHost: HOST, ...override });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).messageKey).toBe(key);
  });

  it('should build only lines its own linter accepts when the inputs are random but valid', () => {
    const seed = 1806;
    const random = seededRandom(seed);
    const chars = (alphabet: string, length: number): string =>
      Array.from({ length }, () => alphabet[random.int(alphabet.length)]).join('');
    const label = (): string => chars('abcdefghijklmnopqrstuvwxyz0123456789', 1 + random.int(20));
    const hex = (length: number): string => chars('0123456789abcdef', length);
    const guid = (): string => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
    for (let round = 0; round < 500; round++) {
      const fqdn = `${label()}.${label()}.${chars('abcdefghijklmnopqrstuvwxyz', 2 + random.int(4))}`;
      const withAad = random.next() < 0.5;
      const options: CcmsetupOptions = {
        siteCode: chars('ABCDEFGHIJKLMNOPQRTUVWXYZ0123456789', 3),
        cmgHost: `${fqdn}/CCM_Proxy_MutualAuth/${1 + random.int(2 ** 31)}`,
        ...(random.next() < 0.5 ? { mp: `https://${label()}.${fqdn}` } : {}),
        ...(withAad ? { aadClientAppId: guid(), aadResourceUri: `api://${guid()}/${label()}` } : {}),
        ...(random.next() < 0.3 ? { tenantId: guid() } : {}),
        upgradeToLatest: random.next() < 0.5,
        noCrlCheck: random.next() < 0.5,
        ...(random.next() < 0.3
          ? { provisionTs: `${chars('ABC123', 3)}${chars('0123456789ABCDEF', 5)}` }
          : {}),
      };
      const line = buildCcmsetupCmd(options);
      const result = lintCcmsetupCmd(line);
      const context = `seed ${seed}, case ${round}: ${line}`;
      expect(
        result.findings.filter((finding) => finding.severity !== 'info'),
        context,
      ).toEqual([]);
      expect(result.corrected, context).toBe(line);
      expect(line.length - 'CCMSETUPCMD=""'.length).toBeLessThanOrEqual(MAX_CCMSETUPCMD_VALUE);
    }
  });
});
