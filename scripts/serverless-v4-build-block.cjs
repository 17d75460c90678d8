// An osls plugin that only teaches osls the top-level `build` block of Serverless Framework v4, so
// that serverless.yml can keep `build: { esbuild: false }` for v4 and still be validated strictly
// (configValidationMode: error) by osls. v4 knows the block itself; then this plugin does nothing.
// Plain CommonJS: the framework loads plugins with require(), before anything is compiled.
'use strict';

const V4_BUILD_BLOCK = {
  type: 'object',
  properties: { esbuild: { const: false } },
  required: ['esbuild'],
  additionalProperties: false,
};

class V4BuildBlock {
  constructor(serverless) {
    const handler = serverless.configSchemaHandler;
    const known = handler && handler.schema && handler.schema.properties;
    if (known && !known.build) handler.defineTopLevelProperty('build', V4_BUILD_BLOCK);
  }
}

module.exports = V4BuildBlock;
