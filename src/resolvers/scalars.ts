import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/**
 * Input scalars reject anything ambiguous at the edge, with a BAD_USER_INPUT error. Decimals are
 * strings only: a JSON number would already have been through a float.
 */
function stringScalar(name: string, description: string, check: (value: string) => string | null): GraphQLScalarType<string, string> {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string') throw new GraphQLError(`${name} must be a string${name === 'Decimal' ? ' such as "129.90", not a number' : ''}`, { extensions: { code: 'BAD_USER_INPUT' } });
    const problem = value.length > 64 ? 'is too long' : check(value);
    if (problem) throw new GraphQLError(`${name} ${problem}`, { extensions: { code: 'BAD_USER_INPUT' } });
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (value) => String(value),
    parseValue: parse,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) return parse(ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? Number(ast.value) : null);
      return parse(ast.value);
    },
  });
}

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const DecimalScalar = stringScalar('Decimal', 'An exact decimal amount as a string.', (v) =>
  /^-?\d{1,15}(\.\d{1,20})?$/.test(v) ? null : 'is not a decimal number such as "129.90"',
);

export const CurrencyCodeScalar = stringScalar('CurrencyCode', 'An ISO-4217 alpha-3 currency code.', (v) =>
  /^[A-Z]{3}$/.test(v) && KNOWN_CURRENCIES.has(v) ? null : 'is not an ISO-4217 currency code',
);

/** Years 1900–2999: anything else is a typo (and Date.UTC would read 0006 as 1906). */
export const DateScalar = stringScalar('Date', 'A calendar date, YYYY-MM-DD.', (v) => {
  const m = v.match(/^(19\d\d|2\d{3})-(\d{2})-(\d{2})$/);
  if (!m) return 'is not a date YYYY-MM-DD between 1900 and 2999';
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? null : 'is not a real calendar date';
});

export const DateTimeScalar = stringScalar('DateTime', 'An ISO-8601 date-time with offset.', (v) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v))
    ? null
    : 'is not an ISO-8601 date-time with offset',
);
