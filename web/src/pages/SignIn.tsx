import { type FormEvent, useState } from 'react';

export function SignIn({ onSignIn, refusal }: { onSignIn: (key: string) => void; refusal: string | undefined }) {
  const [key, setKey] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim()) onSignIn(key.trim());
  };
  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" tabIndex={-1}>
        Sign in
      </h1>
      <p>Use an API key of this gateway. It is kept in this browser tab only, and forgotten when the tab closes.</p>
      {refusal && (
        <p className="outcome outcome-failed" role="alert">
          {refusal}
        </p>
      )}
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="api-key">API key</label>
          <input
            id="api-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            required
            value={key}
            onChange={(event) => setKey(event.target.value)}
          />
        </div>
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
}
