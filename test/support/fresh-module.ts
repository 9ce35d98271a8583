// A module loaded afresh, with a registry of its own (jest.isolateModules): state a module keeps from
// one call to the next (a cache, an Intl object made once, luxon's remembered system locale) starts
// empty, whatever the test file loaded before.
export function freshModule<T>(absolutePath: string): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    loaded = require(absolutePath) as T;
  });
  if (loaded === undefined) throw new Error(`${absolutePath} did not load`);
  return loaded;
}
