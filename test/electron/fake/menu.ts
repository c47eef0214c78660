/**
 * `Menu` and `MenuItem` (docs/api/menu.md, docs/api/menu-item.md). `Menu.buildFromTemplate`
 * refuses what Electron refuses, with Electron's messages (lib/browser/api/menu.ts,
 * `Menu.buildFromTemplate`; lib/browser/api/menu-item.ts, the `MenuItem` constructor):
 * - a template that is not an array;
 * - an item with none of `label`, `role`, or `type: 'separator'`;
 * - `type: 'submenu'` without a submenu;
 * - a `type` other than the seven of `MenuItem.types`;
 * and checks every submenu the same way (a submenu array goes through `buildFromTemplate`). An
 * unknown `role` is not refused: Electron lower-cases it and makes an item with no label and no
 * action (lib/browser/api/menu-item-roles.ts: `getDefaultLabel` is `''` for it); the fake counts
 * it in `menuState.unknownRoles` (TypeScript's `role` type refuses it at compile time).
 */

const TYPES = ['normal', 'separator', 'submenu', 'checkbox', 'radio', 'header', 'palette'];

/** The roles of lib/browser/api/menu-item-roles.ts (`roleList`, lower-cased keys). */
const ROLES = new Set(
  (
    'about close copy cut delete forcereload front help hide hideothers minimize paste ' +
    'pasteandmatchstyle quit redo reload resetzoom selectall services recentdocuments ' +
    'clearrecentdocuments showsubstitutions togglesmartquotes togglesmartdashes ' +
    'toggletextreplacement startspeaking stopspeaking toggledevtools togglefullscreen undo ' +
    'unhide window zoom zoomin zoomout togglespellchecker appmenu filemenu editmenu viewmenu ' +
    'windowmenu sharemenu'
  ).split(' '),
);
/** Roles that bring their own submenu (`roleList[role].submenu`). */
const SUBMENU_ROLES = new Set([
  'appmenu',
  'filemenu',
  'editmenu',
  'viewmenu',
  'windowmenu',
  'sharemenu',
]);

export const menuState = {
  /** Unknown roles given to `buildFromTemplate` (accepted, as Electron does). */
  unknownRoles: [] as string[],
};

export interface FakeMenuItem {
  type: string;
  label: string;
  role?: string;
  enabled: boolean;
  submenu?: FakeMenu;
  click?: () => void;
}

/** A built menu: the template as given (tests read it) and the items Electron would make. */
export class FakeMenu {
  constructor(
    readonly template: unknown[],
    readonly items: FakeMenuItem[],
  ) {}
}

/** Electron's `== null` (null or undefined). */
function absent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function isMenu(value: unknown): value is FakeMenu {
  return value instanceof FakeMenu;
}

function menuItem(options: Record<string, unknown>): FakeMenuItem {
  const role = typeof options.role === 'string' ? options.role.toLowerCase() : undefined;
  if (role !== undefined && !ROLES.has(role)) menuState.unknownRoles.push(role);
  let submenu: unknown = options.submenu;
  if (absent(submenu) && role !== undefined && SUBMENU_ROLES.has(role)) submenu = [];
  if (!absent(submenu) && !isMenu(submenu)) submenu = buildFromTemplate(submenu);
  let type = options.type as string | undefined;
  if (absent(type) && !absent(submenu)) type = 'submenu';
  if (type === 'submenu' && !isMenu(submenu)) throw new Error('Invalid submenu');
  type ??= 'normal';
  if (!TYPES.includes(type)) throw new Error(`Unknown menu item type: ${type}`);
  return {
    type,
    label: typeof options.label === 'string' ? options.label : '',
    ...(role !== undefined ? { role } : {}),
    enabled: options.enabled !== false,
    ...(isMenu(submenu) ? { submenu } : {}),
    ...(typeof options.click === 'function' ? { click: options.click as () => void } : {}),
  };
}

export function buildFromTemplate(template: unknown): FakeMenu {
  if (!Array.isArray(template))
    throw new TypeError('Invalid template for Menu: Menu template must be an array');
  const valid = template.every(
    (item: unknown) =>
      !absent(item) &&
      typeof item === 'object' &&
      (Object.hasOwn(item, 'label') ||
        Object.hasOwn(item, 'role') ||
        (item as { type?: unknown }).type === 'separator'),
  );
  if (!valid)
    throw new TypeError(
      'Invalid template for MenuItem: must have at least one of label, role or type',
    );
  return new FakeMenu(
    template,
    template.map((item) => menuItem(item as Record<string, unknown>)),
  );
}

export const Menu = {
  application: undefined as unknown,
  buildFromTemplate,
  setApplicationMenu: (menu: FakeMenu | null) => {
    Menu.application = menu;
  },
};
