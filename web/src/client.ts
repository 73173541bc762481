import { Client, type Exchange, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import { createCache } from './cache';

export interface GatewayClient {
  client: Client;
  close(): void;
}

const isUnauthenticated = (error: { graphQLErrors: { extensions: Record<string, unknown> }[]; response?: unknown }) =>
  (error.response as Response | undefined)?.status === 401 ||
  error.graphQLErrors.some((graphQLError) => graphQLError.extensions.code === 'UNAUTHENTICATED');

/**
 * One urql client per API key: queries and mutations over HTTP with the key as a bearer token, subscriptions
 * over graphql-ws with the key in connection_init. A refused key (401, or the socket closed with 4401/4403)
 * signs the page out.
 */
export function createGatewayClient(apiKey: string, onRefused: () => void): GatewayClient {
  const authorization = `Bearer ${apiKey}`;
  const socket = createWsClient({
    url: new URL('/graphql', window.location.href).href.replace(/^http/, 'ws'),
    connectionParams: { authorization },
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: (event) => !(event instanceof CloseEvent && (event.code === 4401 || event.code === 4403)),
    on: {
      closed: (event) => {
        if (event instanceof CloseEvent && (event.code === 4401 || event.code === 4403)) onRefused();
      },
    },
  });
  const signOutWhenRefused: Exchange = mapExchange({
    onError: (error) => {
      if (isUnauthenticated(error)) onRefused();
    },
  });
  const client = new Client({
    url: '/graphql',
    fetchOptions: { headers: { authorization } },
    requestPolicy: 'cache-and-network',
    exchanges: [
      createCache(),
      signOutWhenRefused,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: socket.subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
    ],
  });
  return {
    client,
    // Disposing a socket whose connection was refused rejects with that close event: nothing is left to close.
    close: () => void Promise.resolve(socket.dispose()).catch(() => undefined),
  };
}
