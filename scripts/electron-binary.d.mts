/** Types of scripts/electron-binary.mjs, for the TypeScript that imports it. */
export declare const ELECTRON_DIR: string;
export declare function electronBinary(): { path: string } | { missing: string };
