import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { resolveHome } from '/@/src-main/state';

describe('resolveHome', () => {
  it('should use COMANAGE_HOME when it is set', () => {
    expect(resolveHome({ COMANAGE_HOME: '/tmp/x' }, 'linux', '/home/a')).toBe('/tmp/x');
  });
  it('should use APPDATA on Windows when no override is set', () => {
    expect(resolveHome({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toBe(
      join('C:\\Users\\a\\AppData\\Roaming', 'comanage-setup'),
    );
  });
  it('should use Application Support on macOS when no override is set', () => {
    expect(resolveHome({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/comanage-setup');
  });
  it('should follow XDG_CONFIG_HOME on Linux when it is set', () => {
    expect(resolveHome({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux', '/home/a')).toBe('/x/cfg/comanage-setup');
    expect(resolveHome({ COMANAGE_HOME: '  ' }, 'linux', '/home/a')).toBe('/home/a/.config/comanage-setup');
  });
});
