import type { ErrorInfo } from '../../../app/contract/errors';
import { errorField } from '../../../app/contract/flow-rules';
import type { FieldErrors, FormState } from './model';

/**
 * Where an engine error goes in the form, by its `fields` keys, else by its code
 * (`errorField`, shared with the engine); never by its wording. `undefined`: the error is about
 * the whole form.
 */
export function fieldErrorsOf(
  info: ErrorInfo,
  form: FormState,
  authorityField: string,
): FieldErrors | undefined {
  if (info.fields && Object.keys(info.fields).length > 0) return info.fields;
  const field = errorField(info.code, {
    refreshToken: form.useRefreshToken,
    clientAuth: form.authKind,
    authorityField,
  });
  return field ? { [field]: info.message } : undefined;
}
