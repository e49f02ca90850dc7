/**
 * The library's serializers without its XML one. The public `Serialize` entry also loads the XML
 * serializer, whose xmlbuilder2 stack (about 140 modules, 80 ms of start-up) a JSON BOM never
 * uses, so the JSON path loads the entry's common part by file; were the package laid out
 * differently (a new release), the public entry is loaded instead. XML is in cyclonedx-xml.ts.
 *
 * The CLI bundle (src/cli/bundle.ts) puts a static import of that same file in this module's
 * place, so the bundled writer and the bundled models are one copy of the library.
 */
import type * as SerializeApi from '@cyclonedx/cyclonedx-library/Serialize';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type JsonSerialize = Pick<typeof SerializeApi, 'JsonSerializer' | 'JSON'>;

/** The file, inside the library's package, that holds its JSON serializers. */
export const COMMON_SERIALIZE_FILE = 'dist.node/serialize/index.common.js';

function loadJsonSerialize(): JsonSerialize {
  const require = createRequire(import.meta.url);
  try {
    const dir = dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json'));
    return require(join(dir, COMMON_SERIALIZE_FILE)) as JsonSerialize;
  } catch {
    return require('@cyclonedx/cyclonedx-library/Serialize') as JsonSerialize;
  }
}

export const Serialize: JsonSerialize = loadJsonSerialize();
