import { useState } from 'react';
import type { DeviceCodePrompt } from '../../../app/contract/tokens';
import { call, errorInfo } from '../api/client';
import { Countdown } from '../components/Countdown';
import { copyText } from '../format/clipboard';

interface DeviceCodePanelProps {
  accountId: string;
  prompt: DeviceCodePrompt;
  onCancel: () => void;
}

/** The device code flow's prompt (RFC 8628 §3.3): the code, where to enter it, time left. */
export function DeviceCodePanel({ accountId, prompt, onCancel }: DeviceCodePanelProps) {
  const [note, setNote] = useState<string>();

  const copy = () =>
    copyText(prompt.userCode).then(
      () => setNote('Code copied.'),
      (e: unknown) => setNote(errorInfo(e).message),
    );
  const open = (browser: 'embedded' | 'system') =>
    call('device-code:open', { accountId, browser }).then(
      () => setNote('Verification page opened.'),
      (e: unknown) => setNote(`Could not open the page: ${errorInfo(e).message}`),
    );

  return (
    <section className="device-code" aria-label="Device code sign-in">
      <p className="device-message">{prompt.message}</p>
      <div className="device-code-row">
        <span className="device-user-code" aria-label="User code">
          {prompt.userCode}
        </span>
        <button type="button" onClick={() => void copy()}>
          Copy code
        </button>
      </div>
      <p>
        Enter it at <code className="device-uri">{prompt.verificationUri}</code>
      </p>
      <p className="muted">
        Time left to enter it:{' '}
        <Countdown
          until={prompt.expiresOn}
          label="Time left to enter the code"
          suffix=""
          endedText="none, the code has expired"
        />
      </p>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void open('embedded')}>
          Open verification page
        </button>
        <button type="button" onClick={() => void open('system')}>
          Open in the browser
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <p className="muted small" role="status">
        {note}
      </p>
    </section>
  );
}
