import { describe, expect, it } from '@jest/globals';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  type GraphQLArgument,
  type GraphQLSchema,
} from 'graphql';
import { loadTypeDefs } from '../src/schema.js';

/**
 * The schema is the documentation (Sandbox, codegen'd clients and their editors show these
 * descriptions): every public type, field, argument, input field, enum value and directive has one.
 */
function undocumented(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (where: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(where);
  };
  const checkArgs = (owner: string, args: readonly GraphQLArgument[]) => {
    for (const arg of args) check(`${owner}(${arg.name}:)`, arg.description);
  };

  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check(`type ${type.name}`, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        checkArgs(`${type.name}.${field.name}`, field.args);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  for (const directive of schema.getDirectives()) {
    if (isSpecifiedDirective(directive)) continue;
    check(`@${directive.name}`, directive.description);
    checkArgs(`@${directive.name}`, directive.args);
  }
  return missing.sort();
}

describe('schema descriptions', () => {
  const schema = buildSchema(loadTypeDefs());

  it('describes every public type, field, argument, input field, enum value and directive', () => {
    expect(undocumented(schema)).toEqual([]);
  });

  it('finds what it checks (the check itself works)', () => {
    const bare = buildSchema(`
      "Documented." type Query { "Documented." a(x: Int): B b: Int }
      type B { "Documented." c: Int }
      "Documented." enum E { "Documented." ONE TWO }
      "Documented." input I { "Documented." d: Int e: Int }
      directive @d(y: Int) on FIELD_DEFINITION
    `);
    expect(undocumented(bare)).toEqual(['@d', '@d(y:)', 'E.TWO', 'I.e', 'Query.a(x:)', 'Query.b', 'type B'].sort());
  });
});
