import type { Configuration } from 'electron-builder';

/**
 * Packaging (electron-builder, `npm run dist`): what goes into the app, the installers per
 * platform, and the Electron fuses flipped in the packaged binary
 * (https://www.electronjs.org/docs/latest/tutorial/fuses). Checked by test/unit/main-packaging.test.ts.
 */
const config: Configuration = {
  appId: 'dev.tokendock.app',
  productName: 'TokenDock',
  copyright: 'Copyright © TokenDock contributors',
  directories: { output: 'dist', buildResources: 'build' },
  // The built app only: main, preload, renderer and icons (see scripts/build.mjs), no source maps.
  files: ['out/**/*', '!out/**/*.map', 'package.json'],
  asar: true,
  npmRebuild: false,
  publish: null,
  // A local, unpacked Electron instead of the download from GitHub (`npm run dist` offline).
  ...(process.env.TOKENDOCK_ELECTRON_DIST
    ? { electronDist: process.env.TOKENDOCK_ELECTRON_DIST }
    : {}),
  electronFuses: {
    // No `ELECTRON_RUN_AS_NODE`: the binary cannot be used as a plain Node interpreter.
    runAsNode: false,
    // Chromium's cookie store encrypted with the OS key (the sign-in partitions hold cookies).
    enableCookieEncryption: true,
    // No `NODE_OPTIONS` / `NODE_EXTRA_CA_CERTS` from the environment.
    enableNodeOptionsEnvironmentVariable: false,
    // No `--inspect` and no SIGUSR1 inspector in the packaged app.
    enableNodeCliInspectArguments: false,
    // app.asar is validated against the hash in the binary (macOS, Windows) ...
    enableEmbeddedAsarIntegrityValidation: true,
    // ... and is the only place the app is loaded from.
    onlyLoadAppFromAsar: true,
    // The renderer is served on app://, so file:// needs no extra privileges.
    grantFileProtocolExtraPrivileges: false,
  },
  // `tokendock://add?…` links open the app's Add account form (macOS Info.plist, Linux .desktop
  // MimeType; Windows registers at first start with app.setAsDefaultProtocolClient).
  protocols: [{ name: 'TokenDock link', schemes: ['tokendock'] }],
  linux: {
    target: ['deb', 'AppImage', 'tar.gz'],
    icon: 'build/icons',
    category: 'Development',
    executableName: 'tokendock',
    synopsis: 'OAuth 2.0 / OpenID Connect access tokens one click away',
    maintainer: 'TokenDock contributors <dev@tokendock.invalid>',
  },
  mac: {
    target: ['dmg'],
    icon: 'build/icons/1024x1024.png',
    category: 'public.app-category.developer-tools',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
  },
  win: {
    target: ['nsis'],
    icon: 'build/icons/256x256.png',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
  },
};

export default config;
