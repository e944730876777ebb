import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { Env } from './config.js';
import type { GatewayContext } from './context.js';

/** What one HTTP request may ask for (the "Query limits" block of the environment). */
export interface QueryLimits {
  /** Deepest selection-set nesting (`MAX_DEPTH`). */
  maxDepth: number;
  /** Aliased fields in one operation, `__typename` not counted (`MAX_ALIASES`). */
  maxAliases: number;
  /** Lexical tokens in the query document (`MAX_TOKENS`). */
  maxTokens: number;
  /** Directives in one operation (`MAX_DIRECTIVES`). */
  maxDirectives: number;
  /** graphql-armor's static cost: objects 2, scalars 1, times 1.5 per level of nesting (`MAX_COST`). */
  maxCost: number;
  /** Operations in one batched HTTP request (a JSON array); 1 turns batching off (`MAX_BATCH`). */
  maxBatch: number;
}

export function queryLimits(env: Pick<Env, 'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_TOKENS' | 'MAX_DIRECTIVES' | 'MAX_COST' | 'MAX_BATCH'>): QueryLimits {
  return {
    maxDepth: env.MAX_DEPTH,
    maxAliases: env.MAX_ALIASES,
    maxTokens: env.MAX_TOKENS,
    maxDirectives: env.MAX_DIRECTIVES,
    maxCost: env.MAX_COST,
    maxBatch: env.MAX_BATCH,
  };
}

/**
 * The limits with every variable at its default (what `createApolloServer` uses when given none).
 * Plain values, so that importing this module reads no configuration; they are the defaults of
 * the environment's schema in config.ts, and test/unit/limits.test.ts holds the two together.
 */
export const DEFAULT_QUERY_LIMITS: QueryLimits = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 3000,
  maxDirectives: 20,
  maxCost: 20_000,
  maxBatch: 10,
});

/** `INTROSPECTION=auto` follows the explorer (demo mode or not production); `true`/`false` force it. */
export function introspectionEnabled(setting: Env['INTROSPECTION'], explorer: boolean): boolean {
  return setting === 'auto' ? explorer : setting === 'true';
}

/** Rejections of the limits, as graphql-armor and graphql-js word them, and the variable behind each. */
const LIMIT_MESSAGES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Syntax Error: Query depth limit of (\d+) exceeded, found (\d+)\.$/, (m) => `Query depth limit of ${m[1]} exceeded, found ${m[2]} (MAX_DEPTH).`],
  [/^Syntax Error: Aliases limit of (\d+) exceeded, found (\d+)\.$/, (m) => `Aliases limit of ${m[1]} exceeded, found ${m[2]} (MAX_ALIASES).`],
  [/^Syntax Error: Directives limit of (\d+) exceeded, found (\d+)\.$/, (m) => `Directives limit of ${m[1]} exceeded, found ${m[2]} (MAX_DIRECTIVES).`],
  [/^Syntax Error: Query Cost limit of (\d+) exceeded, found ([\d.]+)\.$/, (m) => `Query cost limit of ${m[1]} exceeded, found ${m[2]} (MAX_COST).`],
  [/^Syntax Error: Document contains more that (\d+) tokens\. Parsing aborted\.$/, (m) => `Token limit of ${m[1]} exceeded (MAX_TOKENS).`],
];

/**
 * graphql-armor words its rejections as syntax errors ("Syntax Error: Aliases limit of 3 exceeded,
 * found 5."); this gives "Aliases limit of 3 exceeded, found 5 (MAX_ALIASES)." instead, and
 * undefined for any other message.
 */
export function describeLimitError(message: string): string | undefined {
  for (const [pattern, describe] of LIMIT_MESSAGES) {
    const m = pattern.exec(message);
    if (m) return describe(m);
  }
  return undefined;
}

export interface QueryProtection {
  plugins: ApolloServerPlugin<GatewayContext>[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
}

/**
 * The query limits for Apollo Server. graphql-armor checks depth, aliases, directives and cost
 * (validation rules, so a rejected operation never executes: HTTP 400, GRAPHQL_VALIDATION_FAILED)
 * and removes field suggestions ("Did you mean …") from validation errors.
 *
 * The token limit is graphql-js's own `maxTokens` parse option rather than armor's: armor's Apollo
 * token plugin throws from `parsingDidStart`, which Apollo Server 5 treats as an unexpected error
 * (HTTP 500, and a whole batch fails with it). graphql-js counts the same tokens (every lexer
 * token but EOF, rejected above `n`) and fails as an ordinary parse error: HTTP 400,
 * GRAPHQL_PARSE_FAILED, for that operation only.
 */
export function queryProtection(limits: QueryLimits): QueryProtection {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { maxCost: limits.maxCost },
    maxTokens: { enabled: false },
    // The suggestion is cut out entirely; formatError tidies the rest of the sentence.
    blockFieldSuggestion: { enabled: true, mask: '' },
  }).protect();
  return {
    // armor is CommonJS and brings the CJS typings of @apollo/server (docs/architecture.md §9.3).
    plugins: armor.plugins as ApolloServerPlugin<GatewayContext>[],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
