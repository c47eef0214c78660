/**
 * `dialog` (docs/api/dialog.md): `showErrorBox` "Displays a modal dialog that shows an error
 * message"; the fake records it (and says it on stderr, where a failing start would be seen).
 */
export const errorBoxes: Array<{ title: string; content: string }> = [];

export const dialog = {
  showErrorBox: (title: string, content: string) => {
    errorBoxes.push({ title, content });
    console.error(title, content);
  },
};
