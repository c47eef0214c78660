import { Emitter, type Listener } from './events';
import type { FakeSession } from './session';

/**
 * `webContents` (docs/api/web-contents.md) and its frames (docs/api/web-frame-main.md), with the
 * navigation life cycle Electron 45 reports:
 *
 * - `will-frame-navigate` for any frame and `will-navigate` for the main frame only, both only for
 *   navigations the page starts (a link, a form, a script), never for `loadURL`
 *   (docs/api/web-contents.md, "Event: 'will-navigate'"; shell/browser/electron_navigation_throttle.cc
 *   emits `will-navigate` only when `IsInMainFrame()`); `will-redirect` for every frame, for
 *   every server redirect (electron_navigation_throttle.cc `WillRedirectRequest`). Each is called
 *   with a `details` event (`url`, `isSameDocument`, `isMainFrame`, `frame`, `initiator`,
 *   `processId`, `routingId`) followed by the deprecated positional arguments (`url`,
 *   `isSameDocument`, `isMainFrame`, `frameProcessId`, `frameRoutingId`), as
 *   shell/browser/api/electron_api_web_contents.cc `EmitNavigationEvent` does;
 *   `preventDefault()` cancels the navigation, not just the redirect.
 * - A committed navigation: `did-frame-navigate` (any frame) and `did-navigate` (main frame only,
 *   `(event, url, httpResponseCode, httpStatusText)`), then the load events.
 * - A failed one: an error page is committed; `did-fail-provisional-load` and `did-fail-load`
 *   `(event, errorCode, errorDescription, validatedURL, isMainFrame, frameProcessId,
 *   frameRoutingId)`, for sub-frames too (`isMainFrame` false).
 * - A cancelled one (`preventDefault()` in `will-redirect`, `stop()`, a newer main-frame
 *   navigation) is `ERR_ABORTED` (-3): nothing commits and `did-fail-load` is not emitted
 *   ("Do not emit did-fail-load for canceled requests", electron_api_web_contents.cc
 *   `DidFinishNavigation`); a document that already committed can still report `did-fail-load`
 *   with -3 and an empty description (`WebContents::DidFailLoad`, e.g. `window.stop()`):
 *   `frameLoadFailed()`.
 * - `loadURL(url)` returns a promise that resolves on `did-finish-load` and rejects when the main
 *   frame fails (docs/api/web-contents.md, "contents.loadURL"), with an `Error` whose message is
 *   `"<code> (<errno>) loading '<url>'"` and whose `errno`, `code`, `url` are set
 *   (lib/browser/api/web-contents.ts `_awaitNextLoad`). An aborted navigation rejects it with
 *   `ERR_ABORTED (-3)`, as a redirect stopped in `will-redirect` does in Electron (electron/electron
 *   #27574); destroying the contents rejects it with `ERR_FAILED (-2)`.
 * - When `session` is set (docs/api/web-contents.md, "contents.session"), each request of a
 *   navigation, first and after every redirect, goes through the session's
 *   `webRequest.onBeforeRequest` with `resourceType` `mainFrame` or `subFrame`
 *   (docs/api/web-request.md); `{ cancel: true }` fails it with `ERR_BLOCKED_BY_CLIENT` (-20,
 *   shell/browser/api/electron_api_web_request.cc).
 *
 * The network is the test's: a navigation stays in flight until the test redirects, commits,
 * fails or aborts it (`navigation`, `navigateMainFrame`, `navigateSubFrame`).
 */

/** Chromium's network error codes used here (net/base/net_error_list.h). */
export const NET_ERRORS = {
  ERR_FAILED: -2,
  ERR_ABORTED: -3,
  ERR_BLOCKED_BY_CLIENT: -20,
  ERR_CONNECTION_REFUSED: -102,
  ERR_NAME_NOT_RESOLVED: -105,
  ERR_INTERNET_DISCONNECTED: -106,
  ERR_CERT_AUTHORITY_INVALID: -202,
} as const;
export type NetErrorName = keyof typeof NET_ERRORS;

/** The navigation events that carry a `details` event plus the deprecated positional arguments. */
const NAVIGATION_EVENTS = new Set([
  'will-frame-navigate',
  'will-navigate',
  'did-start-navigation',
  'will-redirect',
  'did-redirect-navigation',
]);

let nextContentsId = 1;
let nextRoutingId = 1;
let nextFrameTreeNodeId = 1;
/** Every fake page renders in one fake renderer process. */
const PROCESS_ID = 1;

/** `WebFrameMain` (docs/api/web-frame-main.md): the main frame or an `<iframe>`. */
export class FakeWebFrameMain {
  /** The frame's committed URL. */
  url = '';
  readonly frames: FakeWebFrameMain[] = [];
  readonly processId = PROCESS_ID;
  readonly routingId = nextRoutingId++;
  readonly frameTreeNodeId = nextFrameTreeNodeId++;
  detached = false;
  constructor(
    readonly parent: FakeWebFrameMain | null,
    readonly name = '',
  ) {
    parent?.frames.push(this);
  }
  get top(): FakeWebFrameMain {
    return this.parent ? this.parent.top : this;
  }
  get framesInSubtree(): FakeWebFrameMain[] {
    return [this, ...this.frames.flatMap((frame) => frame.framesInSubtree)];
  }
  isDestroyed() {
    return this.detached;
  }
}

/** The error `loadURL` rejects with (lib/browser/api/web-contents.ts `_awaitNextLoad`). */
export interface LoadUrlError extends Error {
  errno: number;
  code: string;
  url: string;
}

function loadUrlError(errno: number, code: string, url: string): LoadUrlError {
  return Object.assign(new Error(`${code} (${errno}) loading '${url.slice(0, 2048)}'`), {
    errno,
    code,
    url,
  });
}

/** Where a simulated navigation happens: the main frame, a new `<iframe>`, or a given frame. */
export type FrameChoice = 'main' | 'sub' | FakeWebFrameMain;

type NavigationState = 'prevented' | 'started' | 'committed' | 'failed' | 'aborted';

/** One navigation in flight, driven by the test as the network would drive it. */
export class FakeNavigation {
  state: NavigationState = 'started';
  /** The URL it is at now (changes with each redirect). */
  url: string;
  /** The URLs it was redirected to, in order (including a prevented one). */
  readonly redirects: string[] = [];
  /** The error it ended with, when it failed or was aborted. */
  error: { errorCode: number; errorDescription: string } | undefined;

  constructor(
    readonly contents: FakeWebContents,
    readonly frame: FakeWebFrameMain,
    url: string,
    /** Started by the page (link, form, script), not by `loadURL`. */
    readonly rendererInitiated: boolean,
  ) {
    this.url = url;
  }

  get isMainFrame() {
    return this.frame.parent === null;
  }

  /** Whether it is still waiting for the network. */
  get inFlight() {
    return this.state === 'started';
  }

  /**
   * A server redirect (e.g. a 302) to `to`: `will-redirect` (every frame), and unless that was
   * prevented, `did-redirect-navigation` and the session's `onBeforeRequest` for the new URL.
   * A prevented redirect aborts the whole navigation (docs/api/web-contents.md, "will-redirect").
   */
  redirect(to: string): this {
    this.expectInFlight('redirect');
    this.redirects.push(to);
    if (this.contents.fireNavigationEvent('will-redirect', to, this.frame).defaultPrevented)
      return this.abort();
    this.contents.fireNavigationEvent('did-redirect-navigation', to, this.frame);
    this.url = to;
    this.request();
    return this;
  }

  /** The response arrives and the page commits (`did-frame-navigate`, `did-navigate`, loads). */
  commit(httpResponseCode = 200, httpStatusText = 'OK'): this {
    this.expectInFlight('commit');
    this.state = 'committed';
    const { frame, contents } = this;
    frame.url = this.url;
    contents.fire(
      'did-frame-navigate',
      {},
      this.url,
      httpResponseCode,
      httpStatusText,
      this.isMainFrame,
      frame.processId,
      frame.routingId,
    );
    if (this.isMainFrame)
      contents.fire('did-navigate', {}, this.url, httpResponseCode, httpStatusText);
    contents.fire('did-frame-finish-load', {}, this.isMainFrame, frame.processId, frame.routingId);
    if (this.isMainFrame) {
      contents.fire('dom-ready');
      contents.fire('did-finish-load');
      contents.settleLoad(this, undefined);
      contents.fire('did-stop-loading');
    }
    return this;
  }

  /**
   * The load fails with a network error (default `ERR_NAME_NOT_RESOLVED`): an error page is
   * committed, `did-fail-provisional-load` and `did-fail-load` are emitted (not for
   * `ERR_ABORTED`), and a pending `loadURL` of this navigation rejects.
   */
  fail(errorDescription: NetErrorName = 'ERR_NAME_NOT_RESOLVED'): this {
    this.expectInFlight('fail');
    if (errorDescription === 'ERR_ABORTED') return this.abort();
    const errorCode = NET_ERRORS[errorDescription];
    this.state = 'failed';
    this.error = { errorCode, errorDescription };
    const { frame, contents } = this;
    const args = [
      errorCode,
      errorDescription,
      this.url,
      this.isMainFrame,
      frame.processId,
      frame.routingId,
    ];
    contents.fire('did-fail-provisional-load', {}, ...args);
    contents.fire('did-fail-load', {}, ...args);
    if (this.isMainFrame) {
      contents.settleLoad(this, loadUrlError(errorCode, errorDescription, this.url));
      contents.fire('did-stop-loading');
    }
    return this;
  }

  /**
   * Cancelled (`preventDefault()` in `will-redirect`, `stop()`, a newer main-frame navigation):
   * nothing commits, no `did-fail-load`; a pending `loadURL` rejects with `ERR_ABORTED (-3)`.
   */
  abort(): this {
    if (!this.inFlight) return this;
    this.state = 'aborted';
    this.error = { errorCode: NET_ERRORS.ERR_ABORTED, errorDescription: 'ERR_ABORTED' };
    if (this.isMainFrame) {
      this.contents.settleLoad(this, loadUrlError(-3, 'ERR_ABORTED', this.url));
      this.contents.fire('did-stop-loading');
    }
    return this;
  }

  /** The session's `webRequest.onBeforeRequest` for the current URL (when a session is set). */
  request(): this {
    const session = this.contents.session;
    if (!session) return this;
    const answer = session.request({
      url: this.url,
      resourceType: this.isMainFrame ? 'mainFrame' : 'subFrame',
      webContents: this.contents,
      frame: this.frame,
    });
    if (answer.cancel) return this.fail('ERR_BLOCKED_BY_CLIENT');
    return this;
  }

  private expectInFlight(step: string) {
    if (!this.inFlight)
      throw new Error(`fake webContents: cannot ${step} a navigation that is ${this.state}`);
  }
}

export class FakeWebContents extends Emitter {
  readonly id = nextContentsId++;
  windowOpenHandler: Listener | undefined;
  readonly sent: Array<[string, unknown]> = [];
  /** Every URL given to `loadURL`, in order. */
  loaded: string[] = [];
  readonly mainFrame = new FakeWebFrameMain(null);
  /** The session whose `webRequest` sees this contents' requests; unset, none does. */
  session: FakeSession | undefined;
  /** The main frame's navigation in flight, or the last one. */
  navigation: FakeNavigation | undefined;
  /** Every navigation, in order, in any frame. */
  readonly navigations: FakeNavigation[] = [];
  private readonly loads = new Map<
    FakeNavigation,
    { resolve: () => void; reject: (error: LoadUrlError) => void }
  >();
  private isGone = false;

  get destroyed() {
    return this.isGone;
  }
  /** Set by the window when it is destroyed: emits `destroyed`; a pending load rejects. */
  set destroyed(value: boolean) {
    if (!value || this.isGone) return;
    this.isGone = true;
    for (const frame of this.mainFrame.framesInSubtree) frame.detached = true;
    this.emit('destroyed');
    for (const navigation of [...this.loads.keys()])
      this.settleLoad(navigation, loadUrlError(-2, 'ERR_FAILED', navigation.url));
  }

  setWindowOpenHandler(handler: Listener) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
  /**
   * docs/api/web-contents.md, "contents.isLoading()": whether the page is still loading; here,
   * while a main-frame navigation is in flight (until `did-finish-load` or its failure).
   */
  isLoading() {
    return this.navigation?.inFlight === true;
  }
  /** The main frame's committed URL (docs/api/web-contents.md, "contents.getURL()"). */
  getURL() {
    return this.mainFrame.url;
  }

  /**
   * Starts loading `url` in the main frame, as the app does (no `will-navigate`). Resolves on
   * `did-finish-load`, rejects on a main-frame failure or abort; `navigation` drives it.
   */
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    let resolve: () => void = () => undefined;
    let reject: (error: LoadUrlError) => void = () => undefined;
    const promise = new Promise<void>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    // "A noop rejection handler is already attached" (docs/api/web-contents.md, loadURL).
    promise.catch(() => undefined);
    const navigation = new FakeNavigation(this, this.mainFrame, url, false);
    this.loads.set(navigation, { resolve, reject });
    this.begin(navigation);
    return promise;
  }

  /**
   * A navigation the page starts in a frame (a link, a form, `location = …`):
   * `will-frame-navigate`, then `will-navigate` for the main frame only; either prevented and it
   * never starts (`state` `prevented`). Otherwise it is in flight: see `FakeNavigation`.
   * `initiator: 'browser'` is one the browser starts (back, forward, reload): no `will-*` event.
   */
  navigate(
    url: string,
    options: { frame?: FrameChoice; initiator?: 'page' | 'browser' } = {},
  ): FakeNavigation {
    const frame = this.frameFor(options.frame ?? 'main');
    const byPage = options.initiator !== 'browser';
    const navigation = new FakeNavigation(this, frame, url, byPage);
    this.navigations.push(navigation);
    // Browser-initiated navigations (history, reload) start no `will-*navigate` event.
    if (!byPage) {
      this.begin(navigation);
      return navigation;
    }
    if (this.fireNavigationEvent('will-frame-navigate', url, frame).defaultPrevented) {
      navigation.state = 'prevented';
      return navigation;
    }
    if (
      frame.parent === null &&
      this.fireNavigationEvent('will-navigate', url, frame).defaultPrevented
    ) {
      navigation.state = 'prevented';
      return navigation;
    }
    this.begin(navigation);
    return navigation;
  }

  /** A main-frame navigation started by the page. */
  navigateMainFrame(url: string): FakeNavigation {
    return this.navigate(url, { frame: 'main' });
  }

  /** A navigation of an `<iframe>` of the page (a new one unless `frame` is given). */
  navigateSubFrame(url: string, frame?: FakeWebFrameMain): FakeNavigation {
    return this.navigate(url, { frame: frame ?? 'sub' });
  }

  /** Stops any pending navigation (docs/api/web-contents.md, "contents.stop()"). */
  stop() {
    for (const navigation of this.navigations) if (navigation.inFlight) navigation.abort();
  }

  /**
   * A committed document's load fails (`WebContents::DidFailLoad` in
   * electron_api_web_contents.cc): `did-fail-load` with an empty description, e.g. `ERR_ABORTED`
   * after `window.stop()` or an aborted sub-resource load.
   */
  frameLoadFailed(errorCode: number, frame: FakeWebFrameMain = this.mainFrame) {
    this.fire(
      'did-fail-load',
      {},
      errorCode,
      '',
      frame.url,
      frame.parent === null,
      frame.processId,
      frame.routingId,
    );
  }

  /** The page's `<title>` changed (docs/api/web-contents.md, "page-title-updated"). */
  setPageTitle(title: string) {
    return this.fire('page-title-updated', {}, title, true);
  }

  /**
   * Emits an Electron-style event. A navigation event given only a `details` object (the form
   * older tests use: `fire('will-redirect', { url })`) gets the rest of what Electron passes:
   * a main-frame navigation unless `isMainFrame: false` or a sub-frame `frame` says otherwise.
   */
  override fire(name: string, extra: Record<string, unknown> = {}, ...args: unknown[]) {
    if (!NAVIGATION_EVENTS.has(name) || args.length > 0) return super.fire(name, extra, ...args);
    const frame =
      extra.frame instanceof FakeWebFrameMain
        ? extra.frame
        : extra.isMainFrame === false
          ? this.frameFor('sub')
          : this.mainFrame;
    const {
      url = '',
      isSameDocument = false,
      ...rest
    } = extra as {
      url?: string;
      isSameDocument?: boolean;
    };
    return this.fireNavigationEvent(name, url, frame, { isSameDocument, ...rest });
  }

  /** A navigation event as `EmitNavigationEvent` emits it: `details`, then positional arguments. */
  fireNavigationEvent(
    name: string,
    url: string,
    frame: FakeWebFrameMain,
    extra: Record<string, unknown> & { isSameDocument?: boolean } = {},
  ) {
    const isSameDocument = extra.isSameDocument ?? false;
    const isMainFrame = frame.parent === null;
    const details = {
      initiator: null,
      ...extra,
      url,
      isSameDocument,
      isMainFrame,
      frame,
      processId: frame.processId,
      routingId: frame.routingId,
    };
    return super.fire(
      name,
      details,
      url,
      isSameDocument,
      isMainFrame,
      frame.processId,
      frame.routingId,
    );
  }

  /** Resolves or rejects the `loadURL` waiting on `navigation`, if any. */
  settleLoad(navigation: FakeNavigation, error: LoadUrlError | undefined) {
    const load = this.loads.get(navigation);
    if (!load) return;
    this.loads.delete(navigation);
    if (error) load.reject(error);
    else load.resolve();
  }

  private begin(navigation: FakeNavigation) {
    if (!this.navigations.includes(navigation)) this.navigations.push(navigation);
    if (navigation.isMainFrame) {
      // A new main-frame navigation aborts the one in flight, and rejects its `loadURL` with
      // ERR_ABORTED (lib/browser/api/web-contents.ts `_awaitNextLoad`).
      const previous = this.navigation;
      this.navigation = navigation;
      if (previous && previous !== navigation && previous.inFlight) previous.abort();
      this.fire('did-start-loading');
    }
    this.fireNavigationEvent('did-start-navigation', navigation.url, navigation.frame);
    navigation.request();
  }

  private frameFor(choice: FrameChoice): FakeWebFrameMain {
    if (choice === 'main') return this.mainFrame;
    if (choice === 'sub') return new FakeWebFrameMain(this.mainFrame, `frame-${nextRoutingId}`);
    return choice;
  }
}
