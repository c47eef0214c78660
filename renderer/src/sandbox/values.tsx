import { useState } from 'react';
import { copyText } from '../format/clipboard';

/** A value shown in full, with a button that copies it and says so. */
export function CopyValue({ label, value }: { label: string; value: string }) {
  const [status, setStatus] = useState<string>();
  const copy = () =>
    copyText(value).then(
      () => setStatus('Copied.'),
      (e: unknown) => setStatus(e instanceof Error ? e.message : 'Could not copy.'),
    );
  return (
    <span className="copy-value">
      <code>{value}</code>{' '}
      <button
        type="button"
        className="small-button"
        aria-label={`Copy the ${label}`}
        onClick={() => void copy()}
      >
        Copy
      </button>
      <span className="muted small" role="status">
        {status}
      </span>
    </span>
  );
}

/** Saves `text` as a file through the browser's (or Electron's) download. */
export function DownloadButton(props: { fileName: string; text: string; label: string }) {
  const save = () => {
    const url = URL.createObjectURL(new Blob([props.text], { type: 'application/x-pem-file' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = props.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <button type="button" onClick={save}>
      {props.label}
    </button>
  );
}
