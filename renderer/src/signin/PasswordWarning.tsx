/** Shown wherever the password flow is chosen or used (RFC 9700 §2.4). */
export function PasswordWarning() {
  return (
    <div className="warning" role="note">
      <strong>The password flow is unsafe.</strong> It hands your password to this app instead of
      the provider's own sign-in page, so it cannot do multi-factor authentication, and the OAuth
      2.0 Security Best Current Practice (RFC 9700) says it must not be used. Use it only for legacy
      or test tenants. TokenDock never stores the password.
    </div>
  );
}
