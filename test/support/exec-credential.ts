/**
 * Checks a `client.authentication.k8s.io/v1` ExecCredential as kubectl reads a credential
 * plugin's output (https://kubernetes.io/docs/reference/config-api/client-authentication.v1/,
 * https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins):
 * `apiVersion` and `kind` exact; `status` with a bearer `token` (or a client certificate pair,
 * not used here); `expirationTimestamp`, when present, an RFC 3339 date-time; no fields the
 * schema does not have. Returns the problems found (none: valid).
 */
export function execCredentialProblems(value: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(value)) return ['not a JSON object'];
  if (value.apiVersion !== 'client.authentication.k8s.io/v1')
    problems.push(`apiVersion is ${JSON.stringify(value.apiVersion)}`);
  if (value.kind !== 'ExecCredential') problems.push(`kind is ${JSON.stringify(value.kind)}`);
  for (const key of Object.keys(value))
    if (!['apiVersion', 'kind', 'spec', 'status'].includes(key))
      problems.push(`unknown field ${key}`);
  const status = value.status;
  if (!isObject(status)) return [...problems, 'status is missing'];
  for (const key of Object.keys(status))
    if (!['expirationTimestamp', 'token', 'clientCertificateData', 'clientKeyData'].includes(key))
      problems.push(`unknown field status.${key}`);
  if (typeof status.token !== 'string' || status.token.length === 0)
    problems.push('status.token is not a non-empty string');
  if (status.expirationTimestamp !== undefined) {
    const stamp = status.expirationTimestamp;
    // RFC 3339 §5.6 date-time (Kubernetes' metav1.Time).
    const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
    if (typeof stamp !== 'string' || !rfc3339.test(stamp) || Number.isNaN(Date.parse(stamp)))
      problems.push(`status.expirationTimestamp ${JSON.stringify(stamp)} is not RFC 3339`);
  }
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
