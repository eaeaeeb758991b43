import { z, type ZodType } from 'zod';

// Every response body shape has one schema with one name; the OpenAPI document lists them under
// components.schemas, and the Workspace's types (web/src/generated/api.d.ts) are generated from that.
const responseSchemas = z.registry<{ id: string }>();

/** Registers a response shape under the name clients see (components.schemas[id]). */
export function named<T extends ZodType>(id: string, schema: T): T {
  if (responseSchemas.get(schema)) throw new Error(`response schema ${id} is already named ${responseSchemas.get(schema)!.id}`);
  responseSchemas.add(schema, { id });
  return schema;
}

export function schemaName(schema: ZodType): string | undefined {
  return responseSchemas.get(schema)?.id;
}

export const componentRef = (id: string) => `#/components/schemas/${id}`;

/** ISO 8601 timestamps, as `Date.prototype.toISOString` writes them. */
export const timestamp = () => z.iso.datetime();

/** JSON Schema 2020-12 of every named response shape, referring to each other by component reference. */
export function responseComponents(): Record<string, object> {
  const { schemas } = z.toJSONSchema(responseSchemas, {
    io: 'output',
    uri: componentRef,
    // What zod adds to formats and integers says again what `format` and `type` say, in a page of regex.
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === 'date-time' || jsonSchema.format === 'uuid') delete jsonSchema.pattern;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => {
      const { $schema: _schema, $id: _id, ...rest } = s as Record<string, unknown>;
      return [id, rest];
    }),
  );
}
