declare module 'virtual:schema-introspection' {
  import type { IntrospectionQuery } from 'graphql';

  const introspection: IntrospectionQuery;
  export default introspection;
}
