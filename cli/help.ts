/** The help of each command, as `--help` prints it (to stdout: it was asked for). */
export const HELP: Record<string, string> = {
  main: `tokendock: tokens from a running TokenDock for scripts and terminals.

Usage: tokendock <command> [options]

Commands:
  list [--json]            the accounts and their states
  token [ACCOUNT]          print an access token (see tokendock token --help)
  exec ACCOUNT -- CMD...   run a command with the token in an environment variable
  kubectl ACCOUNT          print a Kubernetes ExecCredential (client.authentication.k8s.io/v1)
  refresh ACCOUNT          refresh an account's tokens now
  sign-in ACCOUNT          sign an account in (the app's sign-in; device code shown here)
  status [--json]          accounts, states and when each token expires
  serve                    run TokenDock without a desktop (headless host)

ACCOUNT is a name or id, case-insensitive; a unique prefix is enough, and it may be left out
of "token" when there is one account.

Options: --help (also after any command), --version

Exit codes: 0 ok, 1 other failure, 2 usage (or ACCOUNT names no or several accounts),
3 needs sign-in, 4 TokenDock not running, 5 provider unreachable.
Only the requested output goes to stdout; messages go to stderr.
The endpoint: $TOKENDOCK_SOCKET, else the desktop app's data folder ($TOKENDOCK_USER_DATA
or the default), then the headless host's.`,
  list: `Usage: tokendock list [--json]

Prints the accounts: name, id, state and who is signed in. --json prints them as JSON.`,
  token: `Usage: tokendock token [ACCOUNT] [--target NAME | --scope S... | --resource R]
                      [--min-validity SECONDS] [--format raw|header|json|env] [--env NAME]

Prints a valid access token of ACCOUNT (the only account when left out).
  --target NAME        one of the account's targets, by label or id (default: the first)
  --scope S            scopes (repeat the option, or separate with spaces)
  --resource R         a resource (RFC 8707); a scope or resource the account has no target
                       for yet is acquired with its refresh token where the provider allows it
  --min-validity S     refresh first when less than S seconds are left (default 60)
  --format raw         the token (default)
           header      Authorization: Bearer <token>
           json        {accessToken, expiresOn (ISO 8601), expires_on (epoch seconds),
                        tokenType, tenant}, as "az account get-access-token" prints
           env         export lines for eval: TOKENDOCK_TOKEN and TOKENDOCK_EXPIRES_ON
  --env NAME           the variable name for --format env (default TOKENDOCK_TOKEN)`,
  exec: `Usage: tokendock exec ACCOUNT [--env NAME] [--min-validity SECONDS]
                     [--target NAME | --scope S... | --resource R] -- COMMAND [ARGS...]

Runs COMMAND with a valid token of ACCOUNT in the environment variable NAME (default
TOKENDOCK_TOKEN), refreshed first when needed. Exits with COMMAND's exit code; signals
tokendock receives (INT, TERM, HUP) are passed on to COMMAND.`,
  kubectl: `Usage: tokendock kubectl ACCOUNT [--target NAME | --scope S... | --resource R]
                        [--min-validity SECONDS]

Prints a client.authentication.k8s.io/v1 ExecCredential with the token and its
expirationTimestamp, for a kubeconfig user:
  exec:
    apiVersion: client.authentication.k8s.io/v1
    command: tokendock
    args: [kubectl, ACCOUNT]
    interactiveMode: Never`,
  refresh: `Usage: tokendock refresh ACCOUNT [--target NAME]

Refreshes the account's tokens (or one target's) now, whatever time they have left.`,
  'sign-in': `Usage: tokendock sign-in ACCOUNT

Signs the account in with TokenDock's own sign-in (its window or your browser). For a
device-code account the code and where to enter it are printed here. Waits for the result;
Ctrl+C cancels.`,
  status: `Usage: tokendock status [--json]

Prints every account, its state, and for each target its state and when its token expires.`,
  serve: `Usage: tokendock serve [options]

Runs TokenDock without a desktop: the engine in Node, the local endpoint, and the app's
window served on 127.0.0.1 for your browser. Options are the headless host's own.`,
};
