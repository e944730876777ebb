import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type FieldNode, type GraphQLError, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import { forbidden, type Principal, type Scope } from './auth.js';
import type { GatewayContext } from './context.js';

/**
 * Checks, before anything runs, that the caller's API key has the scope every root field of the
 * operation requires, so a forbidden operation causes no upstream call. The required scope is
 * declared in the schema (`@requiresScope(scope: CHARGE)`); a query field without one needs `read`.
 */
export function authorizationPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, schema, contextValue, document }) {
          if (!operation) return;
          const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
          if (!root) return;
          const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
          for (const field of rootFields(operation.selectionSet, fragments)) {
            const name = field.name.value;
            if (name.startsWith('__')) continue;
            const scope = requiredScope(schema, root.name, name) ?? 'read';
            if (!contextValue.principal.scopes.has(scope)) throw forbidden(`${root.name}.${name}`, scope);
          }
        },
      };
    },
  };
}

/**
 * The same check for an operation outside Apollo (subscriptions over WebSocket, src/events/websocket.ts):
 * the FORBIDDEN error of the first root field whose scope the principal lacks, or null.
 */
export function missingScope(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, principal: Principal): GraphQLError | null {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return null;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  for (const field of rootFields(operation.selectionSet, fragments)) {
    const name = field.name.value;
    if (name.startsWith('__')) continue;
    const scope = requiredScope(schema, root.name, name) ?? 'read';
    if (!principal.scopes.has(scope)) return forbidden(`${root.name}.${name}`, scope);
  }
  return null;
}

function rootFields(selectionSet: SelectionSetNode, fragments: Map<string, SelectionSetNode>): FieldNode[] {
  return selectionSet.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return rootFields(s.selectionSet, fragments);
    const fragment = fragments.get(s.name.value);
    return fragment ? rootFields(fragment, fragments) : [];
  });
}

function requiredScope(schema: GraphQLSchema, typeName: string, fieldName: string): Scope | null {
  const type = schema.getType(typeName);
  const field = type && 'getFields' in type ? (type.getFields() as Record<string, { astNode?: { directives?: readonly { name: { value: string }; arguments?: readonly { value: ValueNode }[] }[] } | null }>)[fieldName] : undefined;
  const directive = field?.astNode?.directives?.find((d) => d.name.value === 'requiresScope');
  const value = directive?.arguments?.[0]?.value;
  return value && value.kind === Kind.ENUM ? (value.value.toLowerCase() as Scope) : null;
}
