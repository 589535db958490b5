/** JSON Schemas shared by several routes (request validation and OpenAPI). */
export const idParam = { type: 'string', minLength: 1, maxLength: 64 };
export const problemSchema = { $ref: '#/components/schemas/Problem' };
export const email = { type: 'string', format: 'email', maxLength: 254 };
export const roleList = {
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { type: 'string', enum: ['admin', 'owner', 'qa', 'manager', 'procurement', 'vendor'] },
};
export const paging = {
  cursor: { type: 'string', maxLength: 128 },
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
};
