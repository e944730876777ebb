/** src/limits.ts without a server: what it builds from the environment it is given. */
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_QUERY_LIMITS, describeLimitError, introspectionEnabled, queryLimits } from '../../src/limits.js';

describe('queryLimits', () => {
  it('gives the defaults for an empty environment', () => {
    expect(queryLimits(loadConfig({}).env)).toEqual(DEFAULT_QUERY_LIMITS);
  });

  it('takes each limit from its variable', () => {
    const env = loadConfig({ MAX_DEPTH: '5', MAX_ALIASES: '6', MAX_TOKENS: '700', MAX_DIRECTIVES: '8', MAX_COST: '900', MAX_BATCH: '1' }).env;
    expect(queryLimits(env)).toEqual({ maxDepth: 5, maxAliases: 6, maxTokens: 700, maxDirectives: 8, maxCost: 900, maxBatch: 1 });
  });
});

describe('introspectionEnabled', () => {
  it('follows the explorer when auto', () => {
    expect(introspectionEnabled('auto', true)).toBe(true);
    expect(introspectionEnabled('auto', false)).toBe(false);
  });

  it('is forced on or off by true and false, whatever the explorer', () => {
    expect(introspectionEnabled('true', false)).toBe(true);
    expect(introspectionEnabled('false', true)).toBe(false);
  });
});

describe('describeLimitError', () => {
  it.each([
    ['Syntax Error: Query depth limit of 12 exceeded, found 13.', 'Query depth limit of 12 exceeded, found 13 (MAX_DEPTH).'],
    ['Syntax Error: Aliases limit of 3 exceeded, found 5.', 'Aliases limit of 3 exceeded, found 5 (MAX_ALIASES).'],
    ['Syntax Error: Directives limit of 20 exceeded, found 21.', 'Directives limit of 20 exceeded, found 21 (MAX_DIRECTIVES).'],
    ['Syntax Error: Query Cost limit of 100 exceeded, found 150.5.', 'Query cost limit of 100 exceeded, found 150.5 (MAX_COST).'],
    ['Syntax Error: Document contains more that 3000 tokens. Parsing aborted.', 'Token limit of 3000 exceeded (MAX_TOKENS).'],
  ])('names the variable behind "%s"', (message, described) => {
    expect(describeLimitError(message)).toBe(described);
  });

  it('leaves any other message undescribed', () => {
    expect(describeLimitError('Cannot query field "nope" on type "Query".')).toBeUndefined();
  });
});
