import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Provider } from 'urql';
import { AssetPage } from './asset/AssetPage';
import { createGatewayClient } from './client';
import { Library } from './pages/Library';
import { SearchPage } from './pages/Search';
import { SignIn } from './pages/SignIn';
import { UploadPage } from './pages/Upload';
import { hrefOf, type Route, useRoute } from './router';
import { type StudioConfig, storedKey } from './session';

function CurrentPage({ route, simulated }: { route: Route; simulated: boolean }) {
  switch (route.page) {
    case 'library':
      return <Library />;
    case 'asset':
      return <AssetPage key={route.assetId} route={route} simulated={simulated} />;
    case 'search':
      return <SearchPage query={route.query} />;
    case 'upload':
      return <UploadPage />;
  }
}

const NAVIGATION: { label: string; route: Route }[] = [
  { label: 'Library', route: { page: 'library' } },
  { label: 'Search', route: { page: 'search', query: '' } },
  { label: 'Upload', route: { page: 'upload' } },
];

export function App({ config }: { config: StudioConfig }) {
  const [apiKey, setApiKey] = useState(() => config.apiKey ?? storedKey.read());
  const [refusal, setRefusal] = useState<string>();
  const route = useRoute();

  const signOut = useCallback((reason?: string) => {
    storedKey.clear();
    setApiKey(undefined);
    setRefusal(reason);
  }, []);
  const gateway = useMemo(
    () => (apiKey ? createGatewayClient(apiKey, () => signOut('The gateway did not accept that API key.')) : undefined),
    [apiKey, signOut],
  );
  useEffect(() => () => gateway?.close(), [gateway]);

  // A new view is announced by moving focus to its heading; the first one, and changing a view's own settings
  // (its language, a cue to open at), leave focus where it is.
  const view = route.page === 'asset' ? `asset:${route.assetId}` : route.page;
  const shownView = useRef(view);
  useEffect(() => {
    if (view === shownView.current) return;
    shownView.current = view;
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [view]);

  const signIn = (key: string) => {
    storedKey.write(key);
    setRefusal(undefined);
    setApiKey(key);
  };

  return (
    <>
      <button type="button" className="skip-link" onClick={skipToMain}>
        Skip to content
      </button>
      <header className="site-header">
        <p className="brand">Caption studio{config.simulated && <span className="badge badge-sim">simulator</span>}</p>
        {gateway && (
          <nav aria-label="Main">
            <ul>
              {NAVIGATION.map((item) => (
                <li key={item.label}>
                  <a href={hrefOf(item.route)} aria-current={item.route.page === route.page ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {gateway && !config.apiKey && (
          <button type="button" className="secondary" onClick={() => signOut()}>
            Sign out
          </button>
        )}
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {gateway ? (
          <Provider value={gateway.client}>
            <CurrentPage route={route} simulated={config.simulated} />
          </Provider>
        ) : (
          <SignIn onSignIn={signIn} refusal={refusal} />
        )}
      </main>
    </>
  );
}

/** The hash routes the page, so the skip link moves focus itself instead of linking to `#main`. */
function skipToMain() {
  document.getElementById('main')?.focus();
}
