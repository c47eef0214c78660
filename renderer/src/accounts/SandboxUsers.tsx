import { useState } from 'react';
import { copyText } from '../format/clipboard';
import type { SandboxInfo } from '../navigation';

/** The sandbox's demo users and their passwords (random per start), to type at its login page. */
export function SandboxUsers({ sandbox }: { sandbox: Pick<SandboxInfo, 'issuer' | 'users'> }) {
  const [copied, setCopied] = useState<string>();
  const copy = (username: string, password: string) => {
    copyText(password).then(
      () => setCopied(`Copied the password of ${username}.`),
      (e: unknown) => setCopied(e instanceof Error ? e.message : 'Could not copy.'),
    );
  };
  return (
    <div className="sandbox-users">
      <table className="plain-table">
        <caption>Demo users of the sandbox at {sandbox.issuer}</caption>
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Password</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sandbox.users.map((user) => (
            <tr key={user.username}>
              <td>
                <code>{user.username}</code>
              </td>
              <td>
                <code>{user.password}</code>
              </td>
              <td>
                <button
                  type="button"
                  className="small-button"
                  aria-label={`Copy the password of ${user.username}`}
                  onClick={() => copy(user.username, user.password)}
                >
                  Copy
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small" role="status">
        {copied ?? 'The passwords change every time the sandbox starts.'}
      </p>
    </div>
  );
}
