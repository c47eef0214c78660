import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../electron-builder.config';

const root = join(import.meta.dirname, '..', '..');

function targetNames(targets: unknown): string[] {
  const list = Array.isArray(targets) ? targets : [targets];
  return list.map((t) => (typeof t === 'string' ? t : (t as { target: string }).target));
}

describe('packaging (electron-builder.config.ts)', () => {
  it('names the app', () => {
    expect(config.appId).toBe('dev.tokendock.app');
    expect(config.productName).toBe('TokenDock');
    expect(config.publish).toBeNull();
    expect(config.asar).toBe(true);
    expect(config.electronDist).toBeUndefined();
  });

  it('packs the built app only', () => {
    expect(config.files).toEqual(['out/**/*', '!out/**/*.map', 'package.json']);
    expect(config.directories).toEqual({ output: 'dist', buildResources: 'build' });
  });

  it('targets: Linux deb, AppImage, tar.gz; macOS dmg (hardened runtime); Windows nsis', () => {
    expect(targetNames(config.linux?.target)).toEqual(['deb', 'AppImage', 'tar.gz']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
  });

  it('sets every Electron fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('every icon and entitlement file it names exists; the PNG sizes are there', () => {
    const files = [
      config.mac?.icon,
      config.win?.icon,
      config.mac?.entitlements,
      config.mac?.entitlementsInherit,
    ];
    for (const file of files) {
      expect(file, 'configured').toBeTypeOf('string');
      expect(existsSync(join(root, file as string)), file as string).toBe(true);
    }
    expect(config.linux?.icon).toBe('build/icons');
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const png = readFileSync(join(root, 'build', 'icons', `${size}x${size}.png`));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(size); // IHDR width
      expect(png.readUInt32BE(20)).toBe(size); // IHDR height
    }
    for (const tray of ['tray', 'tray@2x', 'tray-attention', 'tray-attention@2x'])
      expect(existsSync(join(root, 'build', 'icons', `${tray}.png`)), tray).toBe(true);
    const entitlements = readFileSync(join(root, 'build', 'entitlements.mac.plist'), 'utf8');
    expect(entitlements).toContain('com.apple.security.cs.allow-jit');
    expect(entitlements).not.toContain('disable-library-validation');
  });

  it('`npm run dist` is wired', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      main: string;
    };
    expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
    expect(pkg.main).toBe('out/main/index.js');
  });
});
