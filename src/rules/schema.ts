/** JSON schemas for rules/*.yaml: one for the rule metadata, one per family for its catalogs. */

export const RULES_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['family', 'rules'],
  properties: {
    family: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'severity', 'description', 'help', 'references'],
        properties: {
          id: { type: 'string', pattern: '^[a-z][a-z0-9-]*/[a-z0-9]+(-[a-z0-9]+)*$' },
          title: { type: 'string', minLength: 5 },
          severity: { enum: ['critical', 'high', 'medium', 'low', 'info'] },
          cwe: { type: 'array', items: { type: 'integer', minimum: 1 } },
          description: { type: 'string', minLength: 20 },
          help: { type: 'string', minLength: 20 },
          references: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^https?://' } },
        },
      },
    },
    catalogs: { type: 'object' },
  },
} as const;

export const CATALOG_SCHEMAS: Record<string, object> = {
  model: {
    type: 'object',
    additionalProperties: false,
    required: ['formats'],
    properties: {
      formats: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'title', 'pickleBased', 'extensions', 'detect'],
          properties: {
            id: { type: 'string', pattern: '^[a-z0-9-]+$' },
            title: { type: 'string' },
            pickleBased: { type: 'boolean' },
            extensions: { type: 'array', items: { type: 'string', pattern: '^\\.[a-z0-9.]+$' } },
            detect: { type: 'string' },
          },
        },
      },
    },
  },
};
