import { useEffect, useState } from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import type { ErrorInfo } from '../../../app/contract/errors';
import type { SandboxClientDetails, SandboxDetails } from '../../../app/contract/sandbox';
import { TrySandboxButton } from '../accounts/FirstRun';
import { SandboxUsers } from '../accounts/SandboxUsers';
import { call, errorInfo } from '../api/client';
import { ErrorDetails } from '../components/ErrorDetails';
import type { SandboxInfo } from '../navigation';
import { CopyValue, DownloadButton } from './values';

interface SandboxPanelProps {
  accounts: AccountView[];
  onSandbox: (info: SandboxInfo) => void;
}

/**
 * The sandbox provider as a tool: its issuer, clients with their secrets and certificate, the
 * resources and the demo users, read from the engine each time (so they are there after a reload),
 * and the demo accounts, added or reset.
 */
export function SandboxPanel({ accounts, onSandbox }: SandboxPanelProps) {
  const [details, setDetails] = useState<SandboxDetails>();
  const [error, setError] = useState<ErrorInfo>();
  // Read again when the sandbox's accounts come or go (added, reset, removed).
  const sandboxAccounts = accounts
    .filter((a) => a.authority.kind === 'sandbox')
    .map((a) => a.id)
    .join();
  useEffect(() => {
    let current = true;
    call('sandbox:details', {}).then(
      (value) => current && setDetails(value),
      (e: unknown) => current && setError(errorInfo(e)),
    );
    return () => {
      current = false;
    };
  }, [sandboxAccounts]);

  if (error) return <ErrorDetails title="The sandbox provider did not start" error={error} />;
  if (!details) return <p className="muted">Starting the sandbox provider…</p>;
  const demo = details.demoAccountIds.length;
  return (
    <section className="sandbox-panel" aria-labelledby="sandbox-title">
      <h2 id="sandbox-title">Sandbox provider</h2>
      <p>
        A real OpenID provider runs on this computer only, while TokenDock runs. Use it from other
        programs too: everything it knows is below. Passwords, secrets and the certificate are made
        afresh at each start.
      </p>
      <dl className="identity-list">
        <div className="identity-row">
          <dt>Issuer</dt>
          <dd>
            <CopyValue label="issuer" value={details.issuer} />
          </dd>
        </div>
        <div className="identity-row">
          <dt>Discovery document</dt>
          <dd>
            <CopyValue label="discovery URL" value={details.discoveryUrl} />
          </dd>
        </div>
      </dl>

      <h3 className="section-title">Demo accounts</h3>
      <p className="muted">
        {demo > 0
          ? `${demo} demo account${demo === 1 ? ' is' : 's are'} in your list.`
          : 'None of the demo accounts are in your list.'}
      </p>
      <div className="button-row">
        <TrySandboxButton onSandbox={onSandbox} />
      </div>

      <h3 className="section-title">Clients</h3>
      <ul className="sandbox-clients">
        {details.clients.map((client) => (
          <ClientCard key={client.purpose} client={client} />
        ))}
      </ul>

      <h3 className="section-title">Resources</h3>
      <table className="plain-table">
        <caption>APIs the sandbox issues tokens for (RFC 8707 resource indicators)</caption>
        <thead>
          <tr>
            <th scope="col">Resource</th>
            <th scope="col">Scopes</th>
          </tr>
        </thead>
        <tbody>
          {details.resources.map((resource) => (
            <tr key={resource.identifier}>
              <td>
                <code>{resource.identifier}</code>
              </td>
              <td>
                <code>{resource.scopes.join(' ')}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3 className="section-title">Demo users</h3>
      <SandboxUsers sandbox={details} />
    </section>
  );
}

function ClientCard({ client }: { client: SandboxClientDetails }) {
  return (
    <li className="card sandbox-client">
      <h4>{client.purpose}</h4>
      <dl className="identity-list">
        <div className="identity-row">
          <dt>Client id</dt>
          <dd>
            <CopyValue label={`client id ${client.clientId}`} value={client.clientId} />
          </dd>
        </div>
        {client.clientSecret && (
          <div className="identity-row">
            <dt>Client secret</dt>
            <dd>
              <CopyValue label={`secret of ${client.clientId}`} value={client.clientSecret} />
            </dd>
          </div>
        )}
        {client.redirectUri && (
          <div className="identity-row">
            <dt>Redirect URI</dt>
            <dd>
              <CopyValue label={`redirect URI of ${client.clientId}`} value={client.redirectUri} />
            </dd>
          </div>
        )}
        {client.thumbprintSha1Hex && (
          <div className="identity-row">
            <dt>Certificate thumbprint (SHA-1)</dt>
            <dd>
              <code>{client.thumbprintSha1Hex}</code>
            </dd>
          </div>
        )}
      </dl>
      {client.certificatePem && client.privateKeyPem && (
        <div className="button-row">
          <DownloadButton
            fileName={`${client.clientId}.crt.pem`}
            text={client.certificatePem}
            label="Download the certificate"
          />
          <DownloadButton
            fileName={`${client.clientId}.key.pem`}
            text={client.privateKeyPem}
            label="Download the private key"
          />
        </div>
      )}
    </li>
  );
}
