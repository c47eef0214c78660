import { Emitter, type Listener } from './events';
import type { FakeWebContents, FakeWebFrameMain } from './web-contents';

/** `resourceType` of a request (docs/api/web-request.md, `onBeforeRequest` details). */
export type ResourceType =
  | 'mainFrame'
  | 'subFrame'
  | 'stylesheet'
  | 'script'
  | 'image'
  | 'font'
  | 'object'
  | 'xhr'
  | 'ping'
  | 'cspReport'
  | 'media'
  | 'webSocket'
  | 'other';

/** What `webRequest.onBeforeRequest` hands its listener (docs/api/web-request.md). */
export interface FakeRequestDetails {
  id: number;
  url: string;
  method: string;
  webContentsId?: number;
  webContents?: FakeWebContents;
  frame?: FakeWebFrameMain | null;
  resourceType: ResourceType;
  referrer: string;
  timestamp: number;
  uploadData: unknown[];
}

/** The listener's answer: `cancel`, or `redirectURL` (docs/api/web-request.md). */
export interface BeforeRequestResponse {
  cancel?: boolean;
  redirectURL?: string;
}

/** An `onBeforeRequest` listener (docs/api/web-request.md). */
export type BeforeRequestListener = (
  details: FakeRequestDetails,
  callback: (response: BeforeRequestResponse) => void,
) => void;

/** `WebRequestFilter` (docs/api/structures/web-request-filter.md). */
interface RequestFilter {
  urls: string[];
  excludeUrls?: string[];
  types?: ResourceType[];
}

let nextRequestId = 1;

/**
 * A URL pattern of a `WebRequestFilter`: `<all_urls>`, or `scheme://host/path` where `*` matches
 * anything (docs/api/web-request.md lists the forms; this is a simplification of Chromium's
 * match patterns, enough for tests).
 */
function matches(pattern: string, url: string): boolean {
  if (pattern === '<all_urls>') return true;
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}`,
  );
  return regex.test(url);
}

/** Sessions (docs/api/session.md): one per partition. */
export class FakeSession extends Emitter {
  permissionRequest: Listener | undefined;
  permissionCheck: Listener | undefined;
  proxy: unknown;
  /** The `onBeforeRequest` listener in force ("Only the last attached listener will be used"). */
  beforeRequest: BeforeRequestListener | null = null;
  beforeRequestFilter: RequestFilter | undefined;
  /** Every request `request()` put through `onBeforeRequest`, with the answer. */
  readonly requests: Array<FakeRequestDetails & { answer: BeforeRequestResponse }> = [];
  cleared = 0;
  readonly webRequest = {
    /**
     * `onBeforeRequest([filter, ]listener)`: the last listener replaces any before it; `null`
     * unsubscribes (docs/api/web-request.md).
     */
    onBeforeRequest: (
      filterOrListener: RequestFilter | BeforeRequestListener | null,
      maybeListener?: BeforeRequestListener | null,
    ) => {
      const hasFilter = typeof filterOrListener === 'object' && filterOrListener !== null;
      this.beforeRequestFilter = hasFilter ? (filterOrListener as RequestFilter) : undefined;
      this.beforeRequest = hasFilter
        ? (maybeListener ?? null)
        : (filterOrListener as BeforeRequestListener | null);
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

  /**
   * A request of this session about to start, put through `onBeforeRequest` with the details
   * Electron passes (`resourceType` `mainFrame` for a page, `subFrame` for an `<iframe>`,
   * `webContentsId`, `frame`…), returning the listener's answer (`{}` without a listener or when
   * the filter leaves the request out). The fake needs the answer synchronously, as main/ gives it.
   */
  request(input: {
    url: string;
    resourceType: ResourceType;
    webContents?: FakeWebContents;
    frame?: FakeWebFrameMain | null;
    method?: string;
    referrer?: string;
  }): BeforeRequestResponse {
    const details: FakeRequestDetails = {
      id: nextRequestId++,
      url: input.url,
      method: input.method ?? 'GET',
      ...(input.webContents
        ? { webContentsId: input.webContents.id, webContents: input.webContents }
        : {}),
      frame: input.frame ?? null,
      resourceType: input.resourceType,
      referrer: input.referrer ?? '',
      timestamp: Date.now(),
      uploadData: [],
    };
    const listener = this.beforeRequest;
    const filter = this.beforeRequestFilter;
    const filtered =
      filter &&
      ((filter.urls.length > 0 && !filter.urls.some((pattern) => matches(pattern, input.url))) ||
        filter.excludeUrls?.some((pattern) => matches(pattern, input.url)) ||
        (filter.types && !filter.types.includes(input.resourceType)));
    let answer: BeforeRequestResponse | undefined = listener && !filtered ? undefined : {};
    if (answer === undefined) {
      listener!(details, (response) => {
        answer = response;
      });
      if (answer === undefined)
        throw new Error('fake session: onBeforeRequest did not answer synchronously');
    }
    this.requests.push({ ...details, answer });
    return answer;
  }
}

export const partitions = new Map<string, FakeSession>();

export const defaultSession = new FakeSession();
