/** The Electron binary the specs launch, or why there is none: the rule of `npm start`. */
export { electronBinary } from '../../scripts/electron-binary.mjs';
