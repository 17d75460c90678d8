// A root hook (.mocharc.json): nearly every test runs the WebAssembly modules, so a run after an
// AssemblyScript edit without `npm run build:wasm` fails at once, saying so, instead of testing the old module.
import { assertFreshBuild } from './build-freshness';

export const mochaHooks = {
  beforeAll(): void {
    assertFreshBuild('wasm');
  },
};
