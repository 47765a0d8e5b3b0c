import { describe, expect, it } from 'vitest';

import { LOG_RULES, matchRule, RULE_WINDOW_CHARS, ruleKey } from '/@/src-main/logs';
import { LOCALES, SERVICE_CATALOGUES } from '/@/src-main/shared';

// One realistic message per rule, as the component writes it (wording from the logs named in
// cmg-configmgr.md, pitfalls.md and field-notes.md).
const REALISTIC: Readonly<Record<string, string>> = {
  'vault-name-in-use':
    "ERROR: Exception occured for deployment operation: The vault name 'contosocmg' is already in use. If you just deleted the vault, wait for it to be purged.",
  'storage-name-taken':
    'Deployment failed: StorageAccountAlreadyTaken - The storage account named contosocmg is already taken.',
  'provider-not-registered':
    "Code: MissingSubscriptionRegistration, Message: The subscription is not registered to use namespace 'Microsoft.KeyVault'.",
  'server-app-needs-update':
    'Your server application needs to be updated. Update the server app in Azure Active Directory Tenants node.',
  'pfx-password-not-correct':
    'Failed to load certificate C:\\certs\\cmg.pfx: The specified network password is not correct.',
  'cmg-connector-client-cert-required':
    'ERROR: Failed to forward request to https://MP01.contoso.com/CCM_Proxy_MutualAuth/72057594037927939/ccm_system/request. Status: 403 CMGConnector_Clientcertificaterequired',
  'cmg-connector-forbidden':
    'Response status code: 403, CMGConnector_Forbidden, for https://MP01.contoso.com/sms_mp/.sms_aut?mplist',
  'connector-connection-failed':
    'Failed to build Http connection f7e3b1a2-0000-4b6b-9a91-3c5de2f1c8a0 with server CONTOSOCMG.WESTEUROPE.CLOUDAPP.AZURE.COM:10124. Exception: System.Net.WebException: Unable to connect to the remote server',
  'cmgservice-invalid-token':
    'Token validation failed, error: CMGService_Invalid_Token, request /CCM_Proxy_ServerAuth/72057594037927939/ccm_system/request',
  idx10223:
    "IDX10223: Lifetime validation failed. The token is expired. ValidTo: '11/20/2026 09:03:12', Current time: '11/20/2026 10:14:55'.",
  mise12034:
    'MISE12034: AuthenticationTicketProvider Name:TokenValidation failed with error: audience mismatch.',
  'udx-published': 'Successfully published UDX for Azure Active Directory users.',
  'mp-list-0x87d0027e': 'CcmSetup failed with error code 0x87d0027e',
  'msi-25502':
    'Product: Configuration Manager Client -- Error 25502. Setup was not launched from CcmSetup.exe.',
  aadsts500011:
    'AADSTS500011: The resource principal named https://contososerver was not found in the tenant named Contoso.',
  aadsts50001:
    'AADSTS50001: The application named https://contososerver was not found in the tenant named contoso.onmicrosoft.com.',
  'aad-auth-info-no-answer':
    'Failed to get AAD auth info from https://CONTOSOCMG.WESTEUROPE.CLOUDAPP.AZURE.COM/CCM_Proxy_ServerAuth/72057594037927939/AADAuthInfo?TenantID=72f988bf-86f1-41af-91ab-2d7cd011db47, no response',
  'cert-invalid-ca':
    'Raising event: instance of CCM_CcmHttp_Status ... WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA is set',
  'cert-rev-failed': 'Error. Status code 12175 returned. WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED is set',
  'cert-cn-invalid': 'Error. Status code 12175 returned. WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID is set',
  'cert-date-invalid':
    'Error. Status code 12175 returned. WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID is set',
  'winhttp-12175': 'Failed to send HTTP request. (Error at WinHttpSendRequest: 12175)',
  'ccmsetup-exit-0': 'CcmSetup is exiting with return code 0',
  'ccmsetup-exit-6': 'CcmSetup is exiting with return code 6',
  'ccmsetup-exit-7': 'CcmSetup is exiting with return code 7',
  'ccmsetup-exit-8': 'CcmSetup is exiting with return code 8',
  'ccmsetup-exit-9': 'CcmSetup is exiting with return code 9',
  'ccmsetup-exit-10': 'CcmSetup is exiting with return code 10',
};

describe('log rules', () => {
  it('should have at least twenty rules, each with a realistic test line', () => {
    expect(LOG_RULES.length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(REALISTIC).sort()).toEqual(LOG_RULES.map((rule) => rule.id).sort());
  });

  it.each(Object.entries(REALISTIC))('should recognise %s when its realistic line is read', (id, message) => {
    expect(matchRule(message)?.id).toBe(id);
  });

  it.each(LOG_RULES.map((rule) => rule.id))('should explain %s with a fix in en, fr and nl', (id) => {
    for (const locale of LOCALES) {
      expect(SERVICE_CATALOGUES[locale][`${ruleKey(id)}.explanation`], `${locale} ${id}`).toBeTruthy();
      expect(SERVICE_CATALOGUES[locale][`${ruleKey(id)}.fix`], `${locale} ${id}`).toBeTruthy();
    }
  });

  it('should tell AADSTS500011 from AADSTS50001 when one code is the prefix of the other', () => {
    expect(matchRule('AADSTS500011: The resource principal was not found')?.id).toBe('aadsts500011');
    expect(matchRule('AADSTS50001: The application was not found')?.id).toBe('aadsts50001');
    expect(matchRule('AADSTS500012: something else')).toBeNull();
  });

  it('should keep the ccmsetup exit codes apart when one number starts another', () => {
    expect(matchRule('CcmSetup is exiting with return code 1')).toBeNull();
    expect(matchRule('CcmSetup is exiting with return code 10')?.id).toBe('ccmsetup-exit-10');
  });

  it('should match "Successfully published UDX" whatever follows it', () => {
    expect(matchRule('Successfully published UDX for Azure AD users with 1532 entries')?.id).toBe(
      'udx-published',
    );
  });

  it('should look only at the start of a message when a hostile line is megabytes long', () => {
    // Many "error" words and no full stop made the AADAuthInfo pattern backtrack over the whole line.
    const hostile = `AADAuthInfo ${'error '.repeat(200_000)}`.replace(/^AADAuthInfo error/, 'AADAuthInfo x');
    expect(matchRule('error '.repeat(200_000))).toBeNull();
    expect(matchRule(`${'error '.repeat(200_000)}AADAuthInfo`)).toBeNull();
    expect(matchRule(hostile)?.id).toBe('aad-auth-info-no-answer');
    expect(matchRule(`${'x'.repeat(RULE_WINDOW_CHARS)} CMGConnector_Forbidden`)).toBeNull();
  });

  it('should not call an AADAuthInfo request a failure when it is only being sent', () => {
    expect(
      matchRule('Getting AAD auth info from https://cmg/CCM_Proxy_ServerAuth/1/AADAuthInfo?TenantID=x'),
    ).toBeNull();
  });
});
