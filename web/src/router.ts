import { useEffect, useState } from 'react';

/** Where the page is: hash routes, so a reload or a shared link opens the same view from `/`. */
export type Route =
  | { page: 'library' }
  | { page: 'asset'; assetId: string; languageCode?: string; cue?: number }
  | { page: 'search'; query: string }
  | { page: 'upload' };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(search);
  const [section, id] = path.split('/').map(decodeURIComponent);
  if (section === 'assets' && id) {
    const cue = Number(params.get('cue'));
    return {
      page: 'asset',
      assetId: id,
      languageCode: params.get('lang') ?? undefined,
      cue: params.has('cue') && Number.isInteger(cue) && cue >= 0 ? cue : undefined,
    };
  }
  if (section === 'search') return { page: 'search', query: params.get('q') ?? '' };
  if (section === 'upload') return { page: 'upload' };
  return { page: 'library' };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'library':
      return '#/';
    case 'upload':
      return '#/upload';
    case 'search':
      return route.query ? `#/search?${new URLSearchParams({ q: route.query })}` : '#/search';
    case 'asset': {
      const params = new URLSearchParams();
      if (route.languageCode) params.set('lang', route.languageCode);
      if (route.cue !== undefined) params.set('cue', String(route.cue));
      const query = params.size > 0 ? `?${params}` : '';
      return `#/assets/${encodeURIComponent(route.assetId)}${query}`;
    }
  }
}

/** Opens a view; `replace` changes the current history entry instead (a view's own settings, not a new view). */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  if (!options.replace) {
    window.location.hash = hrefOf(route).slice(1);
    return;
  }
  // replaceState does not fire hashchange, which the page routes on.
  window.history.replaceState(null, '', hrefOf(route));
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
