import { type ReactNode, useId, useState } from 'react';
import type { CombinedError, TypedDocumentNode } from 'urql';
import { useMutation } from 'urql';
import type { ResultOf, UserErrorFields } from '../graphql';

export type UserError = ResultOf<typeof UserErrorFields>;

interface Warning {
  message: string;
}

/** `field` paths as the gateway sends them (`["input", "cues", "3", "endSeconds"]`), as one comparable key. */
export const pathKey = (path: readonly string[]): string => path.join('.');

/**
 * The messages for one control: errors at its path, and at entries within it (`input.phrases.2` belongs to the
 * phrases box, said as its line 3).
 */
export function errorsAt(errors: readonly UserError[], path: string): string[] {
  return errors.flatMap((error) => {
    const key = pathKey(error.field);
    if (key === path) return [error.message];
    if (!key.startsWith(`${path}.`)) return [];
    const [entry] = key.slice(path.length + 1).split('.');
    return [/^\d+$/.test(entry ?? '') ? `Line ${Number(entry) + 1}: ${error.message}` : error.message];
  });
}

/** The id of the control that edits `path` within one form, so an error summary can move focus to it. */
export const controlId = (formId: string, path: string): string => `${formId}-${path.replaceAll('.', '-')}`;

interface FieldProps {
  formId: string;
  /** The input path the gateway names in user errors, e.g. `input.phrases`. */
  path: string;
  label: ReactNode;
  hint?: string;
  errors: readonly UserError[];
  className?: string;
  control: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

/** A labelled control with its hint and the gateway's messages for that input path beside it. */
export function Field({ formId, path, label, hint, errors, className, control }: FieldProps) {
  const id = controlId(formId, path);
  const messages = errorsAt(errors, path);
  const described = [hint && `${id}-hint`, messages.length > 0 && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {control({ id, 'aria-invalid': messages.length > 0, ...(described ? { 'aria-describedby': described } : {}) })}
      {messages.length > 0 && (
        <span className="field-error" id={`${id}-error`}>
          {messages.join(' ')}
        </span>
      )}
    </div>
  );
}

export function CheckboxField({
  formId,
  path,
  label,
  checked,
  onChange,
  errors,
}: {
  formId: string;
  path: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  errors: readonly UserError[];
}) {
  const id = controlId(formId, path);
  const messages = errorsAt(errors, path);
  return (
    <div className="field field-checkbox">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-invalid={messages.length > 0}
        {...(messages.length > 0 ? { 'aria-describedby': `${id}-error` } : {})}
      />
      <label htmlFor={id}>{label}</label>
      {messages.length > 0 && (
        <span className="field-error" id={`${id}-error`}>
          {messages.join(' ')}
        </span>
      )}
    </div>
  );
}

/** One entry a line: phrases, terms never to translate, words always to censor. */
export const linesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** Where in the input an error is, for people: `input.cues.3.endSeconds` is "cues › 4 › endSeconds". */
const whereIn = (field: readonly string[]): string =>
  field
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part))
    .join(' › ');

/**
 * Every user error at the top of the form, each a button that moves focus to its control (the page routes on
 * the URL hash, so plain in-page links would navigate away).
 */
export function ErrorSummary({ formId, errors }: { formId: string; errors: readonly UserError[] }) {
  if (errors.length === 0) return null;
  return (
    <div className="error-summary" role="alert">
      <h3>The gateway did not accept this</h3>
      <ul>
        {errors.map((error) => (
          <li key={`${pathKey(error.field)}:${error.message}`}>
            {error.field.length > 0 ? (
              <button
                type="button"
                className="link"
                onClick={() => document.getElementById(controlId(formId, pathKey(error.field)))?.focus()}
              >
                {error.message} ({whereIn(error.field)})
              </button>
            ) : (
              error.message
            )}
            {error.__typename === 'ValidationError' && error.allowed && error.allowed.length > 0 && (
              <span className="hint"> Allowed: {error.allowed.join(', ')}</span>
            )}
            {error.__typename === 'ConflictError' && error.track && (
              <span className="hint"> In the way: track “{error.track.name ?? error.track.id}”.</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface Payload {
  userErrors: readonly UserError[];
  warnings: readonly Warning[];
}

export interface PayloadMutation<Data, Variables> {
  run(variables: Variables): Promise<Data | undefined>;
  fetching: boolean;
  userErrors: readonly UserError[];
  /** What the form shows after a run: done (with warnings) or why nothing was done. */
  outcome: { ok: boolean; message: string } | undefined;
}

function describeFailure(error: CombinedError): string {
  return error.graphQLErrors[0]?.message ?? error.networkError?.message ?? error.message;
}

/** A mutation whose payload carries user errors and warnings, as every gateway mutation's does. */
export function usePayloadMutation<Data, Variables extends object, P extends Payload>(
  document: TypedDocumentNode<Data, Variables>,
  payloadOf: (data: Data) => P,
  success: (payload: P) => string,
): PayloadMutation<P, Variables> {
  const [state, execute] = useMutation(document);
  const [userErrors, setUserErrors] = useState<readonly UserError[]>([]);
  const [outcome, setOutcome] = useState<PayloadMutation<P, Variables>['outcome']>();
  return {
    fetching: state.fetching,
    userErrors,
    outcome,
    async run(variables) {
      setOutcome(undefined);
      const result = await execute(variables);
      if (result.error || !result.data) {
        setUserErrors([]);
        setOutcome({
          ok: false,
          message: result.error ? describeFailure(result.error) : 'No answer from the gateway.',
        });
        return undefined;
      }
      const payload = payloadOf(result.data);
      setUserErrors(payload.userErrors);
      if (payload.userErrors.length > 0) return undefined;
      const warnings = payload.warnings.map((warning) => warning.message).join(' ');
      setOutcome({ ok: true, message: warnings ? `${success(payload)} ${warnings}` : success(payload) });
      return payload;
    },
  };
}

/** The result line under a form: announced to screen readers as it changes. */
export function Outcome({ mutation }: { mutation: { outcome: { ok: boolean; message: string } | undefined } }) {
  return (
    <p className={mutation.outcome?.ok === false ? 'outcome outcome-failed' : 'outcome'} role="status">
      {mutation.outcome?.message}
    </p>
  );
}

/** A form id unique on the page, usable in CSS selectors, for its control ids. */
export const useFormId = (name: string): string => `${name}-${useId().replace(/\W/g, '')}`;
