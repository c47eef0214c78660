import { useEffect, useState, type FormEvent } from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import type { ErrorInfo } from '../../../app/contract/errors';
import { ApiError, call, errorInfo } from '../api/client';
import type { SharedAccount } from '../../../app/contract/account-share';
import { TrySandboxButton } from '../accounts/FirstRun';
import { LinkPaste } from './LinkPaste';
import { ErrorDetails } from '../components/ErrorDetails';
import type { Navigate, SandboxInfo } from '../navigation';
import { AuthoritySection } from './AuthoritySection';
import { ClientAuthSection } from './ClientAuthSection';
import { fieldErrorsOf } from './error-fields';
import { ErrorSummary } from './ErrorSummary';
import { TextField } from './fields';
import { FlowSection } from './FlowSection';
import { authorityOf, emptyForm, formFromAccount, formFromShared } from './model';
import { retarget, toInput } from './to-input';
import type { FieldErrors, FormState, Preset } from './model';
import { TargetsSection } from './TargetsSection';
import { useDiscovery } from './useDiscovery';
import { issuerProblem, tenantProblem, validateForm } from './validate';

interface AccountFormProps {
  /** The account being edited; none to add one. */
  account?: AccountView;
  accounts: AccountView[];
  navigate: Navigate;
  onSandbox: (info: SandboxInfo) => void;
  /** A shared account (a `tokendock://add` link) to start from. */
  prefill?: SharedAccount;
}

/** Add or edit an account: every field checked here, then by the engine; nothing saved on error. */
export function AccountForm({ account, accounts, navigate, onSandbox, prefill }: AccountFormProps) {
  const [form, setForm] = useState<FormState>(() =>
    account ? formFromAccount(account) : prefill ? formFromShared(prefill) : emptyForm(),
  );
  const [showAll, setShowAll] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<ErrorInfo>();
  const [saving, setSaving] = useState(false);
  /** Counts requests to move focus to the error summary, honoured once it is rendered. */
  const [summaryFocus, setSummaryFocus] = useState(0);
  useEffect(() => {
    if (summaryFocus > 0) document.getElementById('error-summary')?.focus();
  }, [summaryFocus]);
  const stored = {
    secret: account?.clientAuth.kind === 'secret',
    key: account?.clientAuth.kind === 'certificate',
  };

  const set = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));
  const authorityKey = form.preset === 'entra' ? 'tenant' : 'issuer';
  const localAuthorityOk =
    form.preset === 'sandbox' ||
    (form.preset === 'oidc'
      ? !issuerProblem(form.issuer)
      : !tenantProblem(form.tenant, form.cloud));
  const { discovery, check, recheck } = useDiscovery(authorityOf(form), localAuthorityOk);

  const clientErrors = validateForm(form, stored);
  // What the form shows now: its own checks (current), then the engine's from the last save.
  const errors: FieldErrors = {};
  for (const [name, message] of Object.entries(clientErrors)) {
    const emptyAuthority = name === authorityKey && !form[authorityKey];
    if (showAll || touched.has(name) || (name === authorityKey && !emptyAuthority))
      errors[name] = message;
  }
  for (const [name, message] of Object.entries(serverErrors)) errors[name] ??= message;
  if (discovery.status === 'failed')
    errors[authorityKey] ??= `Discovery failed: ${discovery.error.message}`;

  // The summary says what to fix, each message a link to its field.
  // After the render that shows the summary (the engine's answer arrives outside any event).
  const focusFirstError = () => setSummaryFocus((n) => n + 1);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowAll(true);
    setServerErrors({});
    setFormError(undefined);
    if (Object.keys(clientErrors).length > 0) return focusFirstError();
    setSaving(true);
    try {
      const found = await check();
      if (found.status === 'failed') {
        setServerErrors({ [authorityKey]: `Discovery failed: ${found.error.message}` });
        return focusFirstError();
      }
      const input = toInput(form);
      const saved = account
        ? await call('accounts:update', { accountId: account.id, input })
        : await call('accounts:add', { input });
      navigate({ kind: 'accounts', accountId: saved.id });
    } catch (e) {
      const routed = e instanceof ApiError ? fieldErrorsOf(e.info, form, authorityKey) : undefined;
      if (routed) {
        setServerErrors(routed);
        focusFirstError();
      } else setFormError(errorInfo(e));
    } finally {
      setSaving(false);
    }
  };

  const onPreset = (preset: Preset) => setForm((f) => retarget(f, preset));
  const submitted = showAll && Object.keys(errors).length > 0 && !saving;

  return (
    <form
      className="account-form"
      noValidate
      aria-labelledby="form-title"
      onSubmit={(e) => void submit(e)}
      onBlur={(e) => {
        const name = e.target
          .getAttribute('id')
          ?.replace(/^field-/, '')
          .replace(/-/g, '.');
        if (name && !touched.has(name)) setTouched(new Set(touched).add(name));
      }}
    >
      <h2 id="form-title">{account ? `Edit ${account.name}` : 'Add account'}</h2>
      {submitted && <ErrorSummary errors={errors} />}
      {!account && <LinkPaste onAccount={(shared) => setForm(formFromShared(shared))} />}
      <TextField
        name="name"
        label="Account name"
        value={form.name}
        onChange={(name) => set({ name })}
        errors={errors}
        maxLength={256}
        placeholder="Contoso dev tenant"
      />
      <AuthoritySection
        {...{ form, errors, discovery, set, onPreset }}
        onRecheck={recheck}
        editing={!!account}
      />
      {!account && form.preset === 'sandbox' && (
        <div className="callout">
          <p>Or let TokenDock add one ready-made demo account for each flow:</p>
          <TrySandboxButton onSandbox={onSandbox} />
        </div>
      )}
      <FlowSection {...{ form, errors, set, accounts }} editingId={account?.id} />
      <ClientAuthSection {...{ form, errors, set, stored }} />
      <TargetsSection {...{ form, errors, set }} />
      {formError && <ErrorDetails title="The account was not saved" error={formError} />}
      <div className="button-row form-buttons">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : account ? 'Save changes' : 'Add account'}
        </button>
        <button
          type="button"
          onClick={() =>
            navigate(account ? { kind: 'accounts', accountId: account.id } : { kind: 'accounts' })
          }
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
