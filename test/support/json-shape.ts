/** The part of JSON Schema the response contracts use (as @fastify/swagger publishes zod schemas). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
}

/**
 * Paths of `value` that `schema` does not declare: an object key outside `properties` (unless the
 * schema names `additionalProperties`), walking arrays and unions. A value under a deliberately
 * free-form schema (`{}`: audit snapshots) is not walked.
 */
export function undeclaredFields(
  schema: JsonSchema,
  value: unknown,
  components: Record<string, JsonSchema>,
  at = '$',
): string[] {
  const s = schema.$ref ? (components[schema.$ref.replace('#/components/schemas/', '')] ?? {}) : schema;
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    const tries = alternatives.map((alt) => undeclaredFields(alt, value, components, at));
    return tries.find((t) => t.length === 0) ?? tries.sort((a, b) => a.length - b.length)[0] ?? [];
  }
  if (s.allOf) return s.allOf.flatMap((part) => undeclaredFields(part, value, components, at));
  if (Array.isArray(value)) {
    return s.items
      ? value.slice(0, 50).flatMap((v, i) => undeclaredFields(s.items!, v, components, `${at}[${i}]`))
      : [];
  }
  if (value === null || typeof value !== 'object') return [];
  const found: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const declared = s.properties?.[key];
    if (declared) found.push(...undeclaredFields(declared, v, components, `${at}.${key}`));
    else if (typeof s.additionalProperties === 'object')
      found.push(...undeclaredFields(s.additionalProperties, v, components, `${at}.${key}`));
    else if (s.properties || s.additionalProperties === false) found.push(`${at}.${key} is not in the schema`);
  }
  return found;
}
