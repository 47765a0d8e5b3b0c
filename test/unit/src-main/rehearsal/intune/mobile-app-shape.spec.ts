import { describe, expect, it } from 'vitest';

import { appView, checkBody, newMobileApp, writableOf } from '/@/src-main/rehearsal/intune/mobile-app-shape';

describe('windowsMobileMSI shape', () => {
  it('should name a beta-only property as unknown when the body is checked for v1.0', () => {
    expect(checkBody({ displayName: 'x', identityVersion: '1.0' }, 'v1.0')).toEqual({
      kind: 'unknown',
      property: 'identityVersion',
    });
    expect(
      checkBody({ displayName: 'x', identityVersion: '1.0', useDeviceContext: true }, 'beta'),
    ).toBeNull();
  });

  it('should report a type problem when a value has the wrong JSON type', () => {
    expect(checkBody({ ignoreVersionDetection: 'yes' }, 'v1.0')).toEqual({
      kind: 'type',
      property: 'ignoreVersionDetection',
    });
    expect(checkBody({ roleScopeTagIds: ['0', 1] }, 'beta')).toEqual({
      kind: 'type',
      property: 'roleScopeTagIds',
    });
    expect(checkBody({ description: null, largeIcon: null }, 'v1.0')).toBeNull();
  });

  it('should ignore read-only and annotation properties when they are sent', () => {
    const body = {
      '@odata.type': '#microsoft.graph.windowsMobileMSI',
      id: 'mine',
      size: 5,
      displayName: 'x',
    };
    expect(checkBody(body, 'v1.0')).toBeNull();
    expect(writableOf(body, 'v1.0')).toEqual({ displayName: 'x' });
  });

  it('should hide beta-only properties when the app is shown on v1.0', () => {
    const row = newMobileApp('id-1', '2026-11-23T08:00:00Z', { displayName: 'x', identityVersion: '2.0' });
    const v1 = appView(row, 'v1.0');
    expect(v1).not.toHaveProperty('identityVersion');
    expect(v1).not.toHaveProperty('roleScopeTagIds');
    expect(v1).toMatchObject({ id: 'id-1', displayName: 'x', publishingState: 'notPublished', size: 0 });
    expect(appView(row, 'beta')).toMatchObject({ identityVersion: '2.0', roleScopeTagIds: ['0'] });
  });
});
