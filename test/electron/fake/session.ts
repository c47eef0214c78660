import { Emitter, type Listener } from './events';

/** Sessions (docs/api/session.md): one per partition. */
export class FakeSession extends Emitter {
  permissionRequest: Listener | undefined;
  permissionCheck: Listener | undefined;
  proxy: unknown;
  beforeRequest: Listener | null = null;
  cleared = 0;
  readonly webRequest = {
    onBeforeRequest: (listener: Listener | null) => {
      this.beforeRequest = listener;
    },
  };
  setPermissionRequestHandler(handler: Listener) {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: Listener) {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler() {}
  async setProxy(config: unknown) {
    this.proxy = config;
  }
  async clearStorageData() {
    this.cleared++;
  }
  async clearCache() {}
}

export const partitions = new Map<string, FakeSession>();

export const defaultSession = new FakeSession();
