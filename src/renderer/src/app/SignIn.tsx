// Browser mode without a token (or with one the desk no longer accepts): what the desk is, where the sign-in link
// comes from, and a field to paste the link or the token. The token is checked against the desk, kept in this tab's
// sessionStorage (never a cookie) and the page reloads signed in.
import { useState, type FormEvent, type ReactElement } from 'react';
import { checkSignInToken, storeSignInToken, tokenFromInput } from '../api/sign-in';
import { useT } from '../i18n/react';
import type { MessageKey } from '../i18n';

export interface SignInProps {
  /** The tab had a token and the desk refused it. */
  expired?: boolean;
  /** POST /api/invoke/app.info with the token (window.fetch in the page). */
  check(token: string): ReturnType<typeof checkSignInToken>;
  /** Keeps the token for this tab and reloads the page signed in. */
  accept(token: string): void;
}

export function SignIn({ expired, check, accept }: SignInProps): ReactElement {
  const t = useT();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<MessageKey | null>(expired ? 'signin.expired' : null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const token = tokenFromInput(text);
    if (!token) return setProblem('signin.empty');
    setBusy(true);
    const verdict = await check(token);
    setBusy(false);
    if (verdict === 'ok') accept(token);
    else setProblem(verdict === 'refused' ? 'signin.refused' : 'signin.unreachable');
  }

  return (
    <main className="signin" data-testid="sign-in">
      <form className="signin-card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <h1 id="signin-title">{t('signin.title')}</h1>
        <p>{t('signin.intro')}</p>
        <p>{t('signin.where')}</p>
        <label htmlFor="signin-token">{t('signin.field')}</label>
        <input
          id="signin-token"
          data-testid="sign-in-token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          value={text}
          placeholder={t('signin.placeholder')}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={problem !== null && problem !== 'signin.expired'}
          aria-describedby={problem ? 'signin-problem' : undefined}
        />
        {problem ? (
          <p id="signin-problem" role="alert" className="signin-problem" data-testid="sign-in-problem">
            {t(problem)}
          </p>
        ) : null}
        <button type="submit" disabled={busy} data-testid="sign-in-submit">
          {busy ? t('signin.checking') : t('signin.submit')}
        </button>
        <p className="signin-privacy">{t('signin.privacy')}</p>
      </form>
    </main>
  );
}

/** The page's wiring: the token kept in sessionStorage, then a reload that picks it up (main.tsx). */
export function pageSignIn(w: Window): Pick<SignInProps, 'check' | 'accept'> {
  return {
    check: (token) => checkSignInToken(token, (url, init) => w.fetch(url, init)),
    accept: (token) => {
      storeSignInToken(w, token);
      // also in the fragment (wiped again at load), should this tab's storage be disabled
      w.location.hash = `token=${encodeURIComponent(token)}`;
      w.location.reload();
    },
  };
}
